namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>Marker bound to <see cref="NodeLogSerializer"/>: NodeLog events, snapshots, queries and answers.</summary>
public interface INodeLogMessage;
