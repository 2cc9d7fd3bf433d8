using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// How a PostgreSQL journal is stored: tags in the journal's rows (a journal written with the plugin's tag table has
/// them moved on start, so the read sides that follow a tag still find every event), wide values compressed with lz4.
/// </summary>
public sealed class PostgresJournalStorageTests() : PostgresAggregatorTest("pgstore")
{
    [Fact]
    public async Task Tags_of_the_tag_table_are_moved_into_the_journal_and_the_search_index_rebuilt_from_them()
    {
        var word = "tagmig" + Guid.NewGuid().ToString("N")[..8];
        var lines = Enumerable.Range(0, 20).Select(i => $"{word} line {i:D2}").ToList();
        await using (var first = await AggregatorProcess.StartAsync(DataDir, extraArgs: Arguments))
        {
            await SendAsync(first, "127.0.0.65", lines.Select(l => l + "\n"));
            Assert.Equal(20, (await first.WaitForHitsAsync("q=" + word + "&limit=100", 20)).Count);
            Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(60)));
        }

        // What the tag-table mode left: the tags in their own table, none in the rows; and an index to rebuild by tag.
        await Postgres.SqlAsync("""
            CREATE TABLE tags(ordering_id bigint NOT NULL, tag varchar(64) NOT NULL, persistence_id varchar(255) NOT NULL, sequence_nr bigint NOT NULL, PRIMARY KEY (ordering_id, tag));
            INSERT INTO tags SELECT ordering, trim(both ';' from tags), persistence_id, sequence_number FROM journal WHERE tags <> '';
            UPDATE journal SET tags = '';
            TRUNCATE krglogs_blocks;
            DELETE FROM krglogs_projection WHERE name = 'lines';
            """);
        Assert.NotEqual("0", await Postgres.SqlAsync("SELECT count(*) FROM tags"));

        await using var second = await AggregatorProcess.StartAsync(DataDir, extraArgs: Arguments);
        var hits = await second.WaitForHitsAsync("q=" + word + "&limit=100", 20);

        Assert.Equal(lines.Order(), hits.Select(h => h.Text).Order());
        Assert.Equal("0", await Postgres.SqlAsync("SELECT count(*) FROM tags"));
        Assert.Equal("0", await Postgres.SqlAsync("SELECT count(*) FROM journal WHERE tags = '' OR tags IS NULL"));
    }

    [Fact]
    public async Task Event_payloads_and_search_blocks_are_stored_with_lz4()
    {
        var word = "lz" + Guid.NewGuid().ToString("N")[..8];
        await using var aggregator = await AggregatorProcess.StartAsync(DataDir, extraArgs: Arguments);
        await SendAsync(aggregator, "127.0.0.66", [$"{word} one line\n"]);
        Assert.Single(await aggregator.WaitForHitsAsync("q=" + word, 1));

        var compression = await Postgres.SqlAsync("""
            SELECT string_agg(attrelid::regclass || '.' || attname || '=' || attcompression::text, ' ' ORDER BY attrelid::regclass::text, attname)
            FROM pg_attribute WHERE (attrelid = 'journal'::regclass AND attname = 'message')
                OR (attrelid = 'krglogs_blocks'::regclass AND attname IN ('lines', 'text'))
            """);

        Assert.Equal("journal.message=l krglogs_blocks.lines=l krglogs_blocks.text=l", compression);
    }
}
