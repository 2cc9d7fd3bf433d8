namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>Batches of <paramref name="Sender"/> persisted up to and including <paramref name="UpTo"/>.</summary>
public readonly record struct Delivery(string Sender, long UpTo);
