using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// The thin shell of the per-node files: a live <c>EventsByTag("lines")</c> query from the stored offset, grouped
/// into batches; each batch is appended and fsynced, and only then is its last offset stored. Events at or below
/// the stored offset are skipped, so a restart neither repeats nor skips lines.
/// </summary>
public sealed class NodeFilesProjection(ActorSystem system, string directory, ILogger<NodeFilesProjection> logger) : IHostedService, IDisposable
{
    // Each batch ends with an fsync of every file it touched: a second's worth keeps that to one per file per second.
    private const int BatchEvents = 2000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);

    // A trim usually arrives after the batch that holds the node's last lines (other aggregators hear it later
    // still): while the journal is quiet this empty element lets the trims wait no longer. No offset, so never written.
    private static readonly TimeSpan QuietTrimCheck = TimeSpan.FromSeconds(2);
    private static readonly EventEnvelope Quiet = new(Offset.NoOffset(), "", 0, "quiet", 0, []);

    private readonly NodeFileWriter _writer = new(directory);
    private readonly ProjectionOffset _offset = new(directory);
    private readonly ConcurrentQueue<NodeLogTrimmed> _trims = new();
    private UniqueKillSwitch? _kill;
    private Task _done = Task.CompletedTask;
    private PosixSignalRegistration? _hangup;
    private long _stored;
    private Task? _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _stored = _offset.Read();
        system.ActorOf(NodeFileTrims.Props(_trims), "node-file-trims");
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Without Cancel the runtime's default would end the process: logrotate only wants files reopened.
            context.Cancel = true;
            _writer.RequestReopen();
        });

        // Restarted from the offset last stored (not the one it started with), so a failed query or a full disk
        // resumes where the files end. The read journal is resolved inside the restart too: on a loaded machine its
        // start can time out, and that must be retried rather than end the process.
        var source = RestartSource.OnFailuresWithBackoff(
            () => Events()
                .GroupedWithin(BatchEvents, BatchWindow)
                // fsync blocks: off the actor dispatcher, one batch at a time so files and offset stay in order.
                .SelectAsync(1, batch => Task.Run(() =>
                {
                    Write(batch);
                    return NotUsed.Instance;
                })),
            RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2));

        Source<EventEnvelope, NotUsed> Events()
        {
            try
            {
                var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
                return journal.EventsByTag(NodeLog.LinesTag, Offset.Sequence(Volatile.Read(ref _stored))).KeepAlive(QuietTrimCheck, () => Quiet);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The read journal did not start; retrying");
                return Source.Failed<EventEnvelope>(e);
            }
        }

        var (kill, done) = source
            .ViaMaterialized(KillSwitches.Single<NotUsed>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both)
            .Run(system.Materializer());
        _kill = kill;
        _done = done;
        // Akka.Hosting may terminate the actor system before this service's StopAsync runs; a dead materializer
        // never completes the stream, so the last batch is drained in the actor system's own shutdown.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "node-files", async () =>
        {
            await StopStreamAsync();
            return Done.Instance;
        });
        logger.LogInformation("Per-node files in {Directory}, from journal offset {Offset}", Path.GetFullPath(directory), _stored);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopStreamAsync().WaitAsync(cancellationToken);

    public void Dispose()
    {
        _hangup?.Dispose();
        _writer.Dispose();
    }

    private Task StopStreamAsync()
    {
        lock (_writer)
        {
            return _stopped ??= Stop();
        }

        async Task Stop()
        {
            _kill?.Shutdown();
            var finished = await Task.WhenAny(_done, Task.Delay(TimeSpan.FromSeconds(10)));
            if (finished != _done)
            {
                logger.LogWarning("Per-node files: stream did not stop in time; its unstored batch is written again on the next start");
                return;
            }

            _hangup?.Dispose();
            _writer.CloseAll();
        }
    }
    /// <summary>Retention reached the journal: the node's file drops the lines the journal no longer holds.</summary>
    private void ApplyTrims()
    {
        while (_trims.TryDequeue(out var trim))
        {
            try
            {
                var dropped = _writer.Trim(trim.Node, trim.NewestDeleted);
                NodeFileTrimCounts.Applied(dropped);
                logger.LogInformation("Retention: {Dropped} lines received up to {NewestDeleted:O} trimmed from the file of node {Node}", dropped, trim.NewestDeleted, trim.Node);
            }
            catch (IOException e)
            {
                NodeFileTrimCounts.Failed();
                logger.LogWarning(e, "Retention: trimming the file of node {Node} failed; the next trim tries again", trim.Node);
            }
        }
    }

    // Trims go after the batch: a line read from the journal just before its deletion and written now still goes.
    private void Write(IEnumerable<EventEnvelope> batch)
    {
        Append(batch);
        ApplyTrims();
    }

    private void Append(IEnumerable<EventEnvelope> batch)
    {
        var stored = Volatile.Read(ref _stored);
        var last = stored;
        foreach (var envelope in batch)
        {
            if (envelope.Offset is not Sequence { Value: var offset } || offset <= stored)
            {
                continue;
            }

            last = Math.Max(last, offset);
            if (envelope.Event is not LinesAppended appended || NodeFileLine.NodeOf(envelope.PersistenceId) is not { } node)
            {
                continue;
            }

            foreach (var line in appended.Lines)
            {
                _writer.Append(node, line);
            }
        }

        if (last == stored)
        {
            return;
        }

        _writer.Flush();
        _offset.Write(last);
        Volatile.Write(ref _stored, last);
    }
}
