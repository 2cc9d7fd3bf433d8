namespace KrgLogs.Aggregator.Api;

/// <summary>
/// <paramref name="LineCount"/>: all lines the node ever sent, so a follower can tell which are new.
/// <paramref name="Next"/>: on a range read, the cursor of the next page (absent at the end, and on a tail).
/// </summary>
public sealed record NodeLinesDto(string Node, IReadOnlyList<LineDto> Lines, long LineCount, string? Next = null);
