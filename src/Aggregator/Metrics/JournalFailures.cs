namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Writes and recoveries of node entities that the journal refused (database down, disk full), for every entity of
/// this process: lock-free counters the entities bump and <c>/metrics</c> reads. The journal being down shows here
/// as counts rising, and in <c>krglogs_journal_up</c>.
/// </summary>
public static class JournalFailures
{
    private static long _persist;
    private static long _recovery;

    /// <summary>A batch of lines could not be persisted (the entity stops, restarts with back-off; receivers resend).</summary>
    public static void PersistFailed() => Interlocked.Increment(ref _persist);

    /// <summary>An entity could not read its history back (it restarts with back-off).</summary>
    public static void RecoveryFailed() => Interlocked.Increment(ref _recovery);

    public static (long Persist, long Recovery) Snapshot() => (Interlocked.Read(ref _persist), Interlocked.Read(ref _recovery));

    /// <summary>The journal-failure block of <c>/metrics</c>.</summary>
    public static string Render()
    {
        var (persist, recovery) = Snapshot();
        return new PrometheusText()
            .Counter("krglogs_persist_failures_total", "Batches of lines a node entity on this aggregator could not persist (journal down, disk full); the receivers resend them.", persist)
            .Counter("krglogs_recovery_failures_total", "Node entity starts on this aggregator that could not read the node's history from the journal.", recovery)
            .ToString();
    }
}
