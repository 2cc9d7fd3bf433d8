namespace KrgLogs.Aggregator.Api;

public sealed record NodeSummaryDto(string Node, DateTimeOffset LastSeen, long Lines);
