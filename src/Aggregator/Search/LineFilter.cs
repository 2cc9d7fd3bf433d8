using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// What the index itself is asked for, one chunk at a time: keys strictly between <paramref name="KeyAbove"/> and
/// <paramref name="KeyBelow"/>, in key order, the exact receive-time bounds (ticks, to inclusive-exclusive), and
/// substrings every line must contain (case-insensitive; each at least 3 characters, so the trigram index
/// answers them).
/// </summary>
public sealed record LineFilter(
    string? Node,
    LogStream? Stream,
    long? FromTicks,
    long? ToTicks,
    long KeyAbove,
    long KeyBelow,
    IReadOnlyList<string> Contains,
    bool Descending,
    int Take)
{
    /// <summary>The first chunk of <paramref name="query"/>, narrowed by <paramref name="contains"/>.</summary>
    public static LineFilter Of(LineQuery query, IReadOnlyList<string> contains, int take)
    {
        // A line's key may be up to a block's span older than the line (LineBlocks): the exact time is checked per line.
        var above = query.From is { } from ? IndexKey.LowerBound(from - LineBlocks.MaxSpan) - 1 : -1;
        var below = query.To is { } to ? IndexKey.UpperBound(to) : long.MaxValue;
        if (query.After is { } after)
        {
            if (query.Descending)
            {
                below = Math.Min(below, after);
            }
            else
            {
                above = Math.Max(above, after);
            }
        }

        return new LineFilter(query.Node, query.Stream, query.From?.UtcTicks, query.To?.UtcTicks, above, below, contains, query.Descending, take);
    }

    /// <summary>The lower key bound on blocks (<see cref="LineBlocks"/>): a block starts at most <see cref="LineBlocks.MaxLines"/> keys before a line of it.</summary>
    public long BlockKeyAbove => Math.Max(-1, KeyAbove - LineBlocks.MaxLines);

    /// <summary>Whether the line, keyed <paramref name="key"/>, is one this filter asks for (its node aside).</summary>
    public bool Admits(long key, LogLine line)
    {
        if (key <= KeyAbove || key >= KeyBelow || (Stream is { } stream && line.Stream != stream))
        {
            return false;
        }

        var ticks = line.ReceivedAt.UtcTicks;
        if ((FromTicks is { } from && ticks < from) || (ToTicks is { } to && ticks >= to))
        {
            return false;
        }

        foreach (var text in Contains)
        {
            if (!line.Text.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The chunk after the one that ended at <paramref name="lastKey"/>.</summary>
    public LineFilter Past(long lastKey, int take) =>
        Descending ? this with { KeyBelow = lastKey, Take = take } : this with { KeyAbove = lastKey, Take = take };
}
