namespace KrgLogs.Aggregator.NodeLogs;

public static class TrimTopic
{
    /// <summary>The cluster pub-sub topic of <see cref="NodeLogTrimmed"/>: retention news for every aggregator's per-node files.</summary>
    public const string Name = "node-trims";
}
