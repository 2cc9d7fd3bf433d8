namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Published on the actor system's event stream after a node's old events were deleted by retention: read sides
/// that keep their own copy (the search index) drop what is older than <paramref name="UpToSeq"/> of the node's
/// persistence id. Local to the aggregator that hosts the entity; not a cluster message.
/// </summary>
/// <remarks><paramref name="NewestDeleted"/>: every line received at or before it was deleted (from the last snapshot mark
/// the deletion covered; lines of a deletion that stopped between marks may be newer). Read sides without sequence
/// numbers (the per-node files) trim by it, so they never drop a line the journal still holds.</remarks>
public sealed record NodeLogTrimmed(string Node, string PersistenceId, long UpToSeq, DateTimeOffset NewestDeleted);
