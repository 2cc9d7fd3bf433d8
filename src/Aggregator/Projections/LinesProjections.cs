using Akka;
using Akka.Actor;
using Akka.Streams;
using KrgLogs.Aggregator.Hosting;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// This process's projections of the journal's lines (the per-node files; the SQLite index, which lives beside this
/// process's own journal) on one shared <see cref="LinesFeed"/>. Stopping drains the feed: the batch in hand is
/// written, then every projection is closed.
/// </summary>
public sealed class LinesProjections(ActorSystem system, IReadOnlyList<ILinesProjection> projections, ILogger<LinesProjections> logger, JournalSync? journalSync = null) : IHostedService, IDisposable
{
    private readonly Lock _stopping = new();
    private SharedKillSwitch? _kill;
    private Task _done = Task.CompletedTask;
    private Task? _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var projection in projections)
        {
            projection.Open(system);
        }

        (_kill, _done) = LinesFeed.Run(system, projections, logger, system.Materializer(), journalSync is null ? null : journalSync.Sync);
        // Akka.Hosting may terminate the actor system before this service's StopAsync runs; a dead materializer
        // never completes the stream, so the last batch is drained in the actor system's own shutdown.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "lines-projections", async () =>
        {
            await StopFeedAsync();
            return Done.Instance;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopFeedAsync().WaitAsync(cancellationToken);

    public void Dispose()
    {
        foreach (var projection in projections.OfType<IDisposable>())
        {
            projection.Dispose();
        }
    }

    private Task StopFeedAsync()
    {
        lock (_stopping)
        {
            return _stopped ??= Stop();
        }

        async Task Stop()
        {
            _kill?.Shutdown();
            var finished = await Task.WhenAny(_done, Task.Delay(TimeSpan.FromSeconds(10)));
            if (finished != _done)
            {
                logger.LogWarning("Projections: the feed did not stop in time; its unstored batch is written again on the next start");
                return;
            }

            foreach (var projection in projections)
            {
                projection.Close();
            }
        }
    }
}
