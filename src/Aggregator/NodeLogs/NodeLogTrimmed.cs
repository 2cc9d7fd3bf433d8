namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Published on the actor system's event stream after a node's old events were deleted by retention: read sides
/// that keep their own copy (the search index) drop what is older than <paramref name="UpToSeq"/> of the node's
/// persistence id. Local to the aggregator that hosts the entity; not a cluster message.
/// </summary>
public sealed record NodeLogTrimmed(string Node, string PersistenceId, long UpToSeq, DateTimeOffset OldestKept);
