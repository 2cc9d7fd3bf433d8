using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>A line as the index gives it back: its key (for the cursor) and its node.</summary>
public sealed record IndexedLine(long Key, string Node, LogLine Line);
