using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Search;

/// <summary>The query text each index is asked, for the shapes that matter to speed and correctness.</summary>
public sealed class LineSqlTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_page_spans_the_time_range_by_key_and_filters_the_exact_time()
    {
        var filter = LineFilter.Of(new LineQuery(From: From, To: From.AddHours(1)), [], 100);

        // A line's key may be a block's span older than the line: the key range starts that much earlier.
        Assert.Equal(IndexKey.LowerBound(From - LineBlocks.MaxSpan) - 1, filter.KeyAbove);
        Assert.Equal(IndexKey.UpperBound(From.AddHours(1)), filter.KeyBelow);
        Assert.Equal((From.UtcTicks, From.AddHours(1).UtcTicks), (filter.FromTicks, filter.ToTicks));
    }

    [Fact]
    public void The_cursor_bounds_the_key_on_the_side_the_order_walks_to()
    {
        Assert.Equal(500, LineFilter.Of(new LineQuery(After: 500), [], 10).KeyBelow);
        Assert.Equal(500, LineFilter.Of(new LineQuery(After: 500, Descending: false), [], 10).KeyAbove);
        var next = LineFilter.Of(new LineQuery(After: 500), [], 10).Past(400, 5);
        Assert.Equal((400L, 5), (next.KeyBelow, next.Take));
    }

    [Fact]
    public void Sqlite_with_substrings_drives_the_query_from_the_trigram_table_in_key_order()
    {
        var filter = LineFilter.Of(new LineQuery(Node: "n1", Stream: LogStream.Kernel), ["usb", "say \"hi\""], 100);
        var (sql, parameters) = SqliteLineSql.Select(filter);

        Assert.Contains("FROM blocks_text f CROSS JOIN blocks b ON b.id = f.rowid WHERE blocks_text MATCH $match", sql, StringComparison.Ordinal);
        Assert.Contains("AND b.node = $node", sql, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY f.rowid DESC", sql, StringComparison.Ordinal); // no LIMIT: the reader stops when it has enough lines
        // Trigrams covering each part between spaces (quotes doubled), each once: detail=none answers no longer phrases,
        // and the documents hold distinct tokens, so no trigram spans a space.
        Assert.Equal("\"usb\" AND \"say\" AND \"\"\"hi\" AND \"hi\"\"\"", parameters.Single(p => p.Key == "$match").Value);
    }

    [Fact]
    public void Sqlite_trigrams_count_code_points_and_a_substring_without_one_walks_the_key()
    {
        Assert.Equal("\"😀ab\" AND \"abc\"", SqliteLineSql.MatchExpression(["😀abc", "ABC"])); // a surrogate pair is one code point; case folds
        Assert.Equal("\"usb\" AND \"1-1\" AND \"-1:\"", SqliteLineSql.MatchExpression(["usb 1-1:"])); // no trigram across the space
        var (sql, _) = SqliteLineSql.Select(LineFilter.Of(new LineQuery(), ["😀😀"], 7)); // four UTF-16 chars, two code points
        Assert.DoesNotContain("MATCH", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_without_substrings_walks_the_key()
    {
        var (sql, parameters) = SqliteLineSql.Select(LineFilter.Of(new LineQuery(Descending: false), [], 7));

        Assert.DoesNotContain("MATCH", sql, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY b.id ASC", sql, StringComparison.Ordinal);
        Assert.Equal(["$above", "$below"], parameters.Select(p => p.Key));
        Assert.Equal(-1L, parameters[0].Value);
    }

    [Fact]
    public void Postgres_asks_ilike_with_wildcards_taken_literally_and_goes_on_past_the_last_block()
    {
        var filter = LineFilter.Of(new LineQuery(From: From), ["50%_off\\"], 10);
        var (sql, parameters) = PostgresLineSql.Select(filter, 10);

        Assert.Contains("FROM krglogs_blocks WHERE id > @above AND id < @below AND text ILIKE @c0", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("received", sql, StringComparison.Ordinal); // the exact time is checked line by line
        Assert.EndsWith("ORDER BY id DESC LIMIT 10", sql, StringComparison.Ordinal);
        Assert.Equal("%50\\%\\_off\\\\%", parameters.Single(p => p.Key == "c0").Value);
        Assert.Equal(filter.KeyAbove - LineBlocks.MaxLines, parameters.Single(p => p.Key == "above").Value);

        var (_, next) = PostgresLineSql.Select(filter, 10, after: 12345);
        Assert.Equal((filter.KeyAbove - LineBlocks.MaxLines, 12345L), ((long)next.Single(p => p.Key == "above").Value, (long)next.Single(p => p.Key == "below").Value));
    }

    [Fact]
    public void Postgres_asks_each_part_of_a_substring_between_whitespace_once()
    {
        // The trigram column holds a block's distinct tokens (TrigramDocument), so the parts are asked separately.
        var filter = LineFilter.Of(new LineQuery(From: From), ["usb 1-1: new", "NEW\tusb"], 10);
        var (sql, parameters) = PostgresLineSql.Select(filter, 10);

        Assert.Contains("AND text ILIKE @c0 AND text ILIKE @c1 AND text ILIKE @c2 AND text ILIKE @c3 ORDER", sql, StringComparison.Ordinal);
        Assert.Equal(["%usb%", "%1-1:%", "%new%", "%NEW%"], parameters.Where(p => p.Key.StartsWith('c')).Select(p => p.Value));

        var (blank, none) = PostgresLineSql.Select(LineFilter.Of(new LineQuery(From: From), [" \t "], 10), 10);
        Assert.DoesNotContain("ILIKE", blank, StringComparison.Ordinal);
        Assert.DoesNotContain(none, p => p.Key.StartsWith('c'));
    }
}
