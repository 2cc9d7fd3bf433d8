namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Published after a node's old events were deleted by retention, for read sides that keep their own copy. The
/// entity puts it on its aggregator's event stream (the search index listens there: see <c>IndexTrimmer</c>), and
/// <see cref="TrimPublisher"/> passes it on to the cluster topic <see cref="TrimTopic.Name"/>, where every
/// aggregator's per-node files hear it: each aggregator writes its own copy of every node's file.
/// </summary>
/// <remarks><paramref name="UpToSeq"/>: the node's events up to it (of <paramref name="PersistenceId"/>) are gone.
/// <paramref name="NewestDeleted"/>: every line received at or before it was deleted (from the last snapshot mark
/// the deletion covered; lines of a deletion that stopped between marks may be newer). Read sides without sequence
/// numbers (the per-node files) trim by it, so they never drop a line the journal still holds.</remarks>
public sealed record NodeLogTrimmed(string Node, string PersistenceId, long UpToSeq, DateTimeOffset NewestDeleted) : INodeLogMessage;
