using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// Group commit for the SQLite journal. Its connections commit with <c>synchronous=NORMAL</c>
/// (<see cref="SqlitePersistence.DataOptions"/>): each commit is in the WAL, safe if krglogs dies, but not fsynced. This
/// fsyncs the WAL, and with it every commit before, every <see cref="JournalTuning.SyncInterval"/>, and whenever a
/// projection is about to store an offset (<see cref="Projections.LinesFeed"/>). The second matters: a power cut that
/// took the journal's last commits would make it hand their orderings out again, and a per-node file or an index whose
/// offset was already past them would skip those lines for good.
/// </summary>
public sealed class JournalSync(string databasePath, TimeSpan interval, ILogger<JournalSync> logger) : BackgroundService
{
    private long _syncs;
    private long _failures;

    public string WalPath { get; } = Path.GetFullPath(databasePath) + "-wal";

    public long Syncs => Interlocked.Read(ref _syncs);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Makes every commit made before this call durable. Throws (and counts) when the disk refuses. No WAL is nothing
    /// to do: SQLite removes it only after copying it into the database file and syncing that.
    /// </summary>
    public void Sync()
    {
        try
        {
            // Opened each time because SQLite deletes and re-creates the WAL; a kept handle could outlive its file.
            // SQLite locks the database and the -shm file, never the WAL, so closing this handle drops none of its locks.
            using var wal = new FileStream(WalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            wal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch
        {
            Interlocked.Increment(ref _failures);
            throw;
        }

        Interlocked.Increment(ref _syncs);
    }

    /// <summary>The journal-sync block of <c>/metrics</c>.</summary>
    public string Render() => new PrometheusText()
        .Counter("krglogs_journal_syncs_total", "fsyncs of the SQLite journal's WAL, each making every commit before it durable (on a timer and before the per-node files or the index store an offset).", Syncs)
        .Counter("krglogs_journal_sync_failures_total", "fsyncs of the SQLite journal's WAL the disk refused; until one succeeds, a power cut may lose lines already acknowledged.", Failures)
        .ToString();

    /// <summary>Registered before the actor system, so it stops after it: the last commits are synced on the way out.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        TrySync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation(
            "Journal: commits reach {Wal} at once and are fsynced together every {Interval} and before a projection stores an offset (Journal:SyncInterval; 0: an fsync per commit)",
            WalPath,
            interval);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                TrySync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void TrySync()
    {
        try
        {
            Sync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Journal: its WAL {Wal} could not be synced ({Failures} failures so far); trying again in {Interval}", WalPath, Failures, interval);
        }
    }
}

public static class JournalSyncHosting
{
    /// <summary>SQLite with a sync interval: the journal's group commit. Call before AddAkka (see <see cref="JournalSync.StopAsync"/>).</summary>
    public static IServiceCollection AddJournalSync(this IServiceCollection services, string databasePath, JournalTuning tuning)
    {
        if (tuning.SyncInterval <= TimeSpan.Zero)
        {
            return services;
        }

        services.AddSingleton(provider => new JournalSync(databasePath, tuning.SyncInterval, provider.GetRequiredService<ILogger<JournalSync>>()));
        return services.AddHostedService(provider => provider.GetRequiredService<JournalSync>());
    }
}
