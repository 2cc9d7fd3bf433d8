namespace KrgLogs.Cli;

/// <summary>The aggregator's JSON, as the CLI reads it (only the fields it shows).</summary>
public sealed record NodeSummary(string Node, DateTimeOffset LastSeen, long Lines);

public sealed record Line(
    string Text,
    DateTimeOffset ReceivedAt,
    string? Stream,
    int? Level,
    double? KernelTime,
    long? Seq,
    string? Host,
    string? App,
    IReadOnlyList<string>? Flags);

public sealed record NodeLines(string Node, IReadOnlyList<Line> Lines, long LineCount, string? Next = null);

public sealed record SearchHit(
    string Node,
    string Text,
    DateTimeOffset ReceivedAt,
    string? Stream,
    int? Level,
    double? KernelTime,
    long? Seq,
    string? Host,
    string? App,
    IReadOnlyList<string>? Flags)
{
    public Line Line => new(Text, ReceivedAt, Stream, Level, KernelTime, Seq, Host, App, Flags);
}

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, string? Next);

public sealed record ApiError(string Error);

public sealed record Crash(
    string Id,
    string Node,
    string Title,
    string Kind,
    string? Frame,
    bool Panicked,
    bool Corrupted,
    string? KernelVersion,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    int Boot,
    string? Text);
