using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Search;

/// <summary>The SQLite index on a real file in a temp dir: writes, offsets, and searches checked against what was written.</summary>
public sealed class SqliteLineIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-index-").FullName;

    private string IndexPath => Path.Combine(_dir, "index.db");

    /// <summary>120 lines over 3 nodes, 4 lines per 10 ms (so several share a millisecond), every 7th from syslog.</summary>
    private static List<IndexedEvent> Events()
    {
        var events = new List<IndexedEvent>();
        for (var e = 0; e < 30; e++)
        {
            var node = $"n{e % 3}";
            var lines = Enumerable.Range(0, 4).Select(i =>
            {
                var n = (e * 4) + i;
                return new LogLine(
                    $"line {n:D3} {(n % 10 == 0 ? "usb disconnect" : "ordinary")} {(n % 25 == 0 ? "Oops: 0000" : "")}",
                    T0.AddMilliseconds(e * 10),
                    n % 7 == 0 ? LogStream.Syslog : LogStream.Kernel,
                    Level: n % 8,
                    Seq: n,
                    App: n % 7 == 0 ? "app" : null,
                    Flags: n % 11 == 0 ? LineFlags.Truncated : LineFlags.None);
            }).ToList();
            events.Add(new IndexedEvent(e + 1, node, lines, SequenceNr: (e / 3) + 1)); // each node's own journal: 1, 2, 3...
        }

        return events;
    }

    private static IEnumerable<(string Node, LogLine Line)> All(IEnumerable<IndexedEvent> events) =>
        events.SelectMany(e => e.Lines.Select(l => (e.Node, l)));

    private static async Task<List<IndexedLine>> AllPages(LineSearch search, LineQuery query)
    {
        var all = new List<IndexedLine>();
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await search.RunAsync(query, CancellationToken.None);
            all.AddRange(page.Hits);
            if (page.Next is null)
            {
                return all;
            }

            Assert.True(SearchCursor.TryDecode(page.Next, out var after));
            query = query with { After = after };
        }

        throw new InvalidOperationException("paging did not end");
    }

    [Fact]
    public async Task Lines_come_back_whole_and_paging_covers_each_exactly_once_both_ways()
    {
        using var index = new SqliteLineIndex(IndexPath);
        var events = Events();
        Assert.Equal(120, index.Write(events));
        var search = new LineSearch(index);

        var newestFirst = await AllPages(search, new LineQuery(Limit: 7));
        var expected = All(events).ToList();
        Assert.Equal(expected.Count, newestFirst.Count);
        Assert.Equal(expected.Select(x => x.Line).Reverse(), newestFirst.Select(h => h.Line)); // every field, newest first
        Assert.Equal(expected.Select(x => x.Node).Reverse(), newestFirst.Select(h => h.Node));

        var oldestFirst = await AllPages(search, new LineQuery(Limit: 13, Descending: false));
        Assert.Equal(expected.Select(x => x.Line), oldestFirst.Select(h => h.Line));
    }

    [Fact]
    public async Task Substring_regex_node_stream_and_time_filters_agree_with_a_plain_scan()
    {
        using var index = new SqliteLineIndex(IndexPath);
        var events = Events();
        index.Write(events);
        var search = new LineSearch(index, scanBudget: 25); // small: budgeted scans must page on, not lose lines
        var all = All(events).Reverse().ToList();

        async Task Check(LineQuery query, Func<string, LogLine, bool> expected)
        {
            var hits = await AllPages(search, query);
            Assert.Equal(all.Where(x => expected(x.Node, x.Line)).Select(x => x.Line.Text), hits.Select(h => h.Line.Text));
        }

        await Check(new LineQuery(Text: "USB DISCONNECT", Limit: 3), (_, l) => l.Text.Contains("usb disconnect", StringComparison.Ordinal));
        await Check(new LineQuery(Text: "e 0", Limit: 5), (_, l) => l.Text.Contains("e 0", StringComparison.Ordinal));
        await Check(new LineQuery(Text: "0", Limit: 5), (_, l) => l.Text.Contains('0', StringComparison.Ordinal)); // short: budgeted scan
        await Check(new LineQuery(Text: "usb", Node: "n1", Limit: 2), (n, l) => n == "n1" && l.Text.Contains("usb", StringComparison.Ordinal));
        await Check(new LineQuery(Stream: LogStream.Syslog, Limit: 4), (_, l) => l.Stream == LogStream.Syslog);
        await Check(
            new LineQuery(From: T0.AddMilliseconds(50), To: T0.AddMilliseconds(120), Limit: 4),
            (_, l) => l.ReceivedAt >= T0.AddMilliseconds(50) && l.ReceivedAt < T0.AddMilliseconds(120));
        var (regex, _) = LineQueryParser.Parse(q: @"line 0[0-4]\d usb", re: "true", limit: "2");
        await Check(regex!, (_, l) => System.Text.RegularExpressions.Regex.IsMatch(l.Text, @"line 0[0-4]\d usb"));
        var (noLiteral, _) = LineQueryParser.Parse(q: @"\d{3} o", re: "true", limit: "6");
        await Check(noLiteral!, (_, l) => System.Text.RegularExpressions.Regex.IsMatch(l.Text, @"\d{3} o"));
    }

    [Fact]
    public async Task A_search_out_of_time_answers_with_what_it_found_and_paging_on_loses_and_repeats_nothing()
    {
        using var index = new SqliteLineIndex(IndexPath);
        var events = Events();
        index.Write(events);
        var search = new LineSearch(index, scanTime: TimeSpan.Zero, scanChunk: 10); // every page stops after its first chunk
        var (regex, _) = LineQueryParser.Parse(q: @"\d{3} o", re: "true", limit: "1000");
        var expected = All(events).Reverse().Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.Line.Text, @"\d{3} o")).Select(x => x.Line.Text).ToList();

        var first = await search.RunAsync(regex!, CancellationToken.None);
        var all = await AllPages(search, regex!);

        Assert.NotNull(first.Next);
        Assert.True(first.Hits.Count < expected.Count, $"first page {first.Hits.Count} of {expected.Count}");
        Assert.Equal(expected, all.Select(h => h.Line.Text));
    }

    [Fact]
    public void Blocks_hold_at_most_their_size_and_span_and_break_where_time_goes_back()
    {
        var lines = Enumerable.Range(0, 600).Select(i => new LogLine($"l{i}", T0.AddMilliseconds(i < 400 ? i * 2 : i * 2 - 300))).ToList();

        var blocks = LineBlocks.Split(lines).Select(r => r.GetOffsetAndLength(lines.Count)).ToList();

        // 0-255 (size), 256-399 (time goes back at 400), 400-655 would be 256 but the list ends at 600.
        Assert.Equal([(0, 256), (256, 144), (400, 200)], blocks);
        var slow = Enumerable.Range(0, 5).Select(i => new LogLine($"s{i}", T0.AddMilliseconds(i * 600))).ToList();
        Assert.Equal([(0, 2), (2, 2), (4, 1)], LineBlocks.Split(slow).Select(r => r.GetOffsetAndLength(slow.Count)));
        Assert.Equal(lines[256..400], LineBlocks.Decode(LineBlocks.Encode(lines, 256..400)));
    }

    [Fact]
    public async Task A_time_range_that_starts_or_ends_inside_a_block_gets_exactly_its_lines()
    {
        using var index = new SqliteLineIndex(IndexPath);
        // One event of 1,000 lines, one every 3 ms from T0 (3 s): several blocks, each spanning up to 765 ms.
        var lines = Enumerable.Range(0, 1000).Select(i => new LogLine($"tick {i:D4}", T0.AddMilliseconds(i * 3))).ToList();
        Assert.Equal(1000, index.Write([new IndexedEvent(1, "n1", lines, 1)]));
        var search = new LineSearch(index);

        foreach (var (from, to) in new[] { (100, 2200), (1, 2), (767, 1535), (0, 3000) })
        {
            var expected = lines.Where(l => l.ReceivedAt >= T0.AddMilliseconds(from) && l.ReceivedAt < T0.AddMilliseconds(to)).Select(l => l.Text).ToList();
            var oldestFirst = await AllPages(search, new LineQuery(From: T0.AddMilliseconds(from), To: T0.AddMilliseconds(to), Limit: 97, Descending: false));
            Assert.Equal(expected, oldestFirst.Select(h => h.Line.Text));
            var newestFirst = await AllPages(search, new LineQuery(Text: "TICK", From: T0.AddMilliseconds(from), To: T0.AddMilliseconds(to), Limit: 41));
            Assert.Equal(Enumerable.Reverse(expected), newestFirst.Select(h => h.Line.Text));
        }
    }

    [Fact]
    public async Task Events_at_or_below_the_stored_offset_are_skipped_and_the_offset_survives_reopening()
    {
        var events = Events();
        using (var index = new SqliteLineIndex(IndexPath))
        {
            Assert.Equal(0, index.ReadOffset());
            Assert.Equal(40, index.Write(events[..10]));
            Assert.Equal(10, index.ReadOffset());
        }

        using var reopened = new SqliteLineIndex(IndexPath);
        Assert.Equal(10, reopened.ReadOffset());
        Assert.Equal(0, reopened.Write(events[..10])); // the same batch again: nothing added
        Assert.Equal(80, reopened.Write(events[5..])); // overlapping: only the new part
        Assert.Equal(30, reopened.ReadOffset());
        Assert.Equal(120, (await reopened.ReadAsync(LineFilter.Of(new LineQuery(), [], 1000), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_index_left_with_the_old_64_MiB_trigram_hash_gets_1_MiB_on_reopening_and_keeps_its_lines()
    {
        var events = Events();
        using (var index = new SqliteLineIndex(IndexPath))
        {
            index.Write(events[..15]);
        }

        Assert.Equal(1_048_576L, HashSize());
        Sql("INSERT INTO blocks_text(blocks_text, rank) VALUES('hashsize', 67108864)"); // what earlier versions set
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(67_108_864L, HashSize());

        using var reopened = new SqliteLineIndex(IndexPath);
        Assert.Equal(15, reopened.ReadOffset()); // same schema version: kept, not rebuilt
        Assert.Equal(1_048_576L, HashSize());
        reopened.Write(events);
        Assert.Equal(
            All(events).Select(x => x.Line.Text).Where(t => t.Contains("usb disconnect", StringComparison.Ordinal)).Reverse(),
            (await AllPages(new LineSearch(reopened), new LineQuery(Text: "usb disconnect", Limit: 5))).Select(h => h.Line.Text));

        long HashSize() => Convert.ToInt64(Sql("SELECT v FROM blocks_text_config WHERE k = 'hashsize'"), System.Globalization.CultureInfo.InvariantCulture);

        object? Sql(string sql)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={IndexPath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }

    [Fact]
    public async Task A_trim_removes_the_nodes_lines_up_to_the_sequence_number_and_keeps_them_out_when_read_late()
    {
        using var index = new SqliteLineIndex(IndexPath);
        var events = Events();
        index.Write(events[..24]);
        var search = new LineSearch(index);

        Assert.Equal(16, index.Trim("n1", 4)); // n1's events 1-4, four lines each
        Assert.Equal(0, index.Trim("n1", 2)); // an older trim again: nothing more
        // The contentless trigram table forgot the trimmed blocks (it does only when given the very document it
        // indexed): none of their trigrams still points at a deleted block.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={IndexPath};Pooling=False"))
        {
            connection.Open();
            using var stale = connection.CreateCommand();
            stale.CommandText = "SELECT count(*) FROM blocks_text WHERE blocks_text MATCH '\"ord\" OR \"usb\" OR \"lin\"' AND rowid NOT IN (SELECT id FROM blocks)";
            Assert.Equal(0L, stale.ExecuteScalar());
        }

        Assert.Equal(24, index.Write(events[24..])); // later events, n1's ninth among them: kept

        bool Kept(IndexedEvent e) => e.Node != "n1" || e.SequenceNr > 4;
        var expected = events.Where(Kept).SelectMany(e => e.Lines.Select(l => l.Text)).Reverse().ToList();
        Assert.Equal(expected, (await AllPages(search, new LineQuery(Limit: 9))).Select(h => h.Line.Text));
        Assert.Equal(
            expected.Where(t => t.Contains("usb", StringComparison.Ordinal)),
            (await AllPages(search, new LineQuery(Text: "usb", Limit: 4))).Select(h => h.Line.Text));

        // The indexer reads an event of n1 that retention had already deleted (it lagged): it is not added back.
        using var lagging = new SqliteLineIndex(Path.Combine(_dir, "lagging.db"));
        lagging.Trim("n1", 4);
        lagging.Write(events);
        Assert.Equal(expected, (await AllPages(new LineSearch(lagging), new LineQuery(Limit: 50))).Select(h => h.Line.Text));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
