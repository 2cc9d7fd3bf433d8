using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>What one scrape learned from the entities: the statuses it got and how many nodes it had to leave out.</summary>
public sealed record NodeScrape(int Known, IReadOnlyList<NodeStatus> Statuses, int SkippedOverCap, int SkippedTimedOut);
