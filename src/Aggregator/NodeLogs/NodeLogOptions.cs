using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.NodeLogs;

public sealed record NodeLogOptions
{
    /// <summary>Lines of each node kept in memory for tail queries.</summary>
    public int TailLines { get; init; } = 1000;

    /// <summary>A snapshot after this many events keeps recovery short.</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>While the decoder holds something back (a partial line, a reorder gap, a fragment), how often
    /// the entity lets time move it on. Bounds how late the last lines of a dying node come out.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public NodeStreamOptions Stream { get; init; } = new();

    /// <summary>Quiet period, size caps of crash reports.</summary>
    public CrashDetectorOptions Crashes { get; init; } = CrashDetectorOptions.Default;
}
