using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>Everything a NodeLog needs to resume without replaying its whole journal.</summary>
public sealed record NodeLogSnapshot(
    long LineCount,
    DateTimeOffset LastSeen,
    IReadOnlyList<LogLine> Tail,
    NodeStreamState Decoder,
    IReadOnlyList<Delivery> Delivered,
    CrashDetectorState Crashes,
    long CrashCount) : INodeLogMessage
{
    /// <summary>Marks for retention (absent in snapshots written before retention existed: then empty).</summary>
    public RetentionIndex Retention { get; init; } = new();
}
