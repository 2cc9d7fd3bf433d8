using KrgLogs.Aggregator.Search;

namespace KrgLogs.Aggregator.Api;

/// <summary>A search hit: the node, then every field of <see cref="LineDto"/> (absent ones left out).</summary>
public sealed record SearchHitDto(
    string Node,
    string Text,
    DateTimeOffset ReceivedAt,
    string Stream,
    int? Level,
    int? Facility,
    double? KernelTime,
    long? Seq,
    string? Caller,
    int Boot,
    string? Host,
    string? App,
    string? ProcId,
    IReadOnlyList<string>? Flags)
{
    public static SearchHitDto From(IndexedLine hit)
    {
        var line = LineDto.From(hit.Line);
        return new(hit.Node, line.Text, line.ReceivedAt, line.Stream, line.Level, line.Facility, line.KernelTime, line.Seq, line.Caller, line.Boot, line.Host, line.App, line.ProcId, line.Flags);
    }
}
