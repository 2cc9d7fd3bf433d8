using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A PostgreSQL search index of the row-per-line schema (before blocks) is dropped and rebuilt from the journal on
/// start: without that the new, empty block table would sit behind the old table's offset and never be filled.
/// </summary>
public sealed class PostgresIndexMigrationTests() : PostgresAggregatorTest("pgmig")
{
    [Fact]
    public async Task An_index_of_the_old_schema_is_dropped_and_rebuilt_from_the_journal()
    {
        var tag = "mig" + Guid.NewGuid().ToString("N")[..8];
        await using (var first = await AggregatorProcess.StartAsync(DataDir, extraArgs: Arguments))
        {
            await SendAsync(first, "127.0.0.64", Enumerable.Range(0, 20).Select(i => $"{tag} line {i:D2}\n"));

            Assert.Equal(20, (await first.WaitForHitsAsync("q=" + tag + "&limit=100", 20)).Count);
            Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(60)));
        }

        // What an aggregator of the earlier version left: its table of lines, no blocks, its offset past every event.
        await Postgres.SqlAsync("DROP TABLE krglogs_blocks; CREATE TABLE krglogs_lines(id bigint PRIMARY KEY, node text NOT NULL, text text NOT NULL); INSERT INTO krglogs_lines VALUES (1, 'n', 'old');");
        Assert.True(long.Parse(await Postgres.SqlAsync("SELECT position FROM krglogs_projection WHERE name = 'lines'"), System.Globalization.CultureInfo.InvariantCulture) > 0);

        await using var second = await AggregatorProcess.StartAsync(DataDir, extraArgs: Arguments);
        var hits = await second.WaitForHitsAsync("q=" + tag + "&limit=100", 20);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{tag} line {i:D2}").Order(), hits.Select(h => h.Text).Order());
        Assert.Equal(string.Empty, await Postgres.SqlAsync("SELECT to_regclass('krglogs_lines')"));
    }
}
