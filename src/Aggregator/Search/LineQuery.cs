using System.Text.RegularExpressions;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// One page of a search or a range read, validated. <paramref name="Text"/>: a case-insensitive substring (null:
/// every line); <paramref name="Pattern"/>: a .NET regex instead. <paramref name="From"/> is inclusive,
/// <paramref name="To"/> exclusive (pages of adjacent ranges tile). <paramref name="After"/>: the index key of the
/// last line the previous page looked at.
/// </summary>
public sealed record LineQuery(
    string? Node = null,
    LogStream? Stream = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = LineQuery.DefaultLimit,
    long? After = null,
    bool Descending = true,
    string? Text = null,
    Regex? Pattern = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
