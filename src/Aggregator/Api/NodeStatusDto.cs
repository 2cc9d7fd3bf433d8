namespace KrgLogs.Aggregator.Api;

/// <summary>One node in detail: what it sent and what its input looked like (malformed by reason, duplicates…).</summary>
public sealed record NodeStatusDto(string Node, DateTimeOffset LastSeen, long Lines, long Crashes, IReadOnlyDictionary<string, long> Counters);
