namespace KrgLogs.Shared.Ingest;

/// <summary>What one node's quota has cost it so far: lines (datagrams, frames) and bytes dropped.</summary>
public readonly record struct NodeQuotaDrops(string Node, long Lines, long Bytes);
