namespace KrgLogs.Aggregator.Api;

/// <summary>
/// <paramref name="LineCount"/>: all lines the node ever sent, so a follower can tell which are new.
/// <paramref name="Next"/>: on a range read, the cursor of the next page (absent at the end, and on a tail).
/// <paramref name="Follow"/>: on a tail, the <c>/follow?after=</c> cursor just after its last line, so a page that
/// shows the tail and then follows misses no line persisted in between.
/// </summary>
public sealed record NodeLinesDto(string Node, IReadOnlyList<LineDto> Lines, long LineCount, string? Next = null, string? Follow = null);
