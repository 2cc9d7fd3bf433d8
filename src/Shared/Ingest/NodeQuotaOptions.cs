namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Per-node intake quota applied by the receiver before anything is batched: a token bucket of lines (a UDP datagram
/// or a TCP frame counts as one line) and one of bytes, each refilled at its rate and holding at most
/// rate × <see cref="BurstSeconds"/>. Bound from configuration section "Quota"; a rate of 0 turns that bucket off.
/// </summary>
public sealed record NodeQuotaOptions
{
    /// <summary>Sustained lines (datagrams, frames) per second one node may send. A kernel in an oops storm
    /// prints a few thousand; a healthy node a handful.</summary>
    public double LinesPerSecond { get; init; } = 20_000;

    /// <summary>Sustained bytes per second one node may send.</summary>
    public double BytesPerSecond { get; init; } = 16 * 1024 * 1024;

    /// <summary>How many seconds of the rate a quiet node may send at once (a boot log, a crash dump).</summary>
    public double BurstSeconds { get; init; } = 5;

    /// <summary>Nodes tracked at once; beyond it idle (full) buckets are forgotten, and when none is idle a new
    /// node is let through unmetered and counted as untracked.</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>At most one log line per node per this period while it is over its quota.</summary>
    public TimeSpan LogEvery { get; init; } = TimeSpan.FromSeconds(10);

    public bool Enabled => LinesPerSecond > 0 || BytesPerSecond > 0;
}
