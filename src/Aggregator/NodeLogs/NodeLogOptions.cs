using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.NodeLogs;

public sealed record NodeLogOptions
{
    /// <summary>Lines of each node kept in memory for tail queries.</summary>
    public int TailLines { get; init; } = 1000;

    /// <summary>A snapshot after this many events keeps recovery short.</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>How often the entity lets time-based decoding (idle partial lines) move on.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public NodeStreamOptions Stream { get; init; } = new();
}
