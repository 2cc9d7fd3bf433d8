using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// One <c>LinesAppended</c> event as the index writer takes it: its journal offset, node and lines, and its sequence
/// number in the node's own journal (<paramref name="SequenceNr"/>), which retention trims by.
/// </summary>
public sealed record IndexedEvent(long Offset, string Node, IReadOnlyList<LogLine> Lines, long SequenceNr = 0);
