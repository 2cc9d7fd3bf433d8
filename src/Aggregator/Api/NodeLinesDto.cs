namespace KrgLogs.Aggregator.Api;

/// <summary><paramref name="LineCount"/>: all lines the node ever sent, so a follower can tell which are new.</summary>
public sealed record NodeLinesDto(string Node, IReadOnlyList<LineDto> Lines, long LineCount);
