using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Persistence.Query;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// The per-node files, fed by the <see cref="LinesFeed"/>: each batch is appended and fsynced, and only then is its last
/// offset stored, in the directory beside the files. Events at or below the stored offset are skipped, so a restart
/// neither repeats nor skips lines.
/// </summary>
public sealed class NodeFilesProjection(string directory, ILogger<NodeFilesProjection> logger) : ILinesProjection, IDisposable
{
    private readonly NodeFileWriter _writer = new(directory);
    private readonly ProjectionOffset _offset = new(directory);
    private readonly ConcurrentQueue<NodeLogTrimmed> _trims = new();
    private PosixSignalRegistration? _hangup;
    private IActorRef? _trimListener;
    private long _stored;

    public string Name => "per-node files";

    public void Open(ActorSystem system)
    {
        Directory.CreateDirectory(directory);
        _stored = _offset.Read();
        // Unnamed: a projection closed and opened again in the same system (tests) must not wait for the old one's name.
        _trimListener = system.ActorOf(NodeFileTrims.Props(_trims));
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // Without Cancel the runtime's default would end the process: logrotate only wants files reopened.
            context.Cancel = true;
            _writer.RequestReopen();
        });
        logger.LogInformation("Per-node files in {Directory}, from journal offset {Offset}", Path.GetFullPath(directory), _stored);
    }

    public long StoredOffset() => Volatile.Read(ref _stored);

    // Trims go after the batch: a line read from the journal just before its deletion and written now still goes.
    public void Write(IReadOnlyList<EventEnvelope> batch)
    {
        Append(batch);
        ApplyTrims();
    }

    public void Close()
    {
        _trimListener?.Tell(PoisonPill.Instance);
        _hangup?.Dispose();
        _writer.CloseAll();
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _writer.Dispose();
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

    private void Append(IReadOnlyList<EventEnvelope> batch)
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
