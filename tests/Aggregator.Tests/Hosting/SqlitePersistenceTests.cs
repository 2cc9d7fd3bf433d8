using System.Text;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Tests.Hosting;

/// <summary>
/// The embedded journal on a real SQLite file: the plugin creates its indexes (only for a provider it knows by name),
/// without which every read of a node scans the whole journal. Tags are kept in the journal's rows (Csv mode).
/// </summary>
public sealed class SqlitePersistenceTests(ITestOutputHelper output) : SqliteJournalTestKit(nameof(SqlitePersistenceTests), output)
{
    [Fact]
    public async Task The_journal_has_its_indexes()
    {
        await PersistOneLineAsync("10.0.0.9");

        await using var file = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath));
        await file.OpenAsync();
        await using var command = file.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index'";
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Contains("journal_uq", indexes); // (persistence_id, sequence_number): recovery, follow
    }

    /// <summary>Akka's defaults (10 s, then 30 s of refusing every write) stalled ingest for 30 s under a backlog.</summary>
    [Fact]
    public void The_journal_waits_for_slow_writes_and_its_breaker_closes_again_within_seconds()
    {
        var breaker = Sys.Settings.Config.GetConfig("akka.persistence.journal.sql.circuit-breaker");

        Assert.Equal(TimeSpan.FromSeconds(30), breaker.GetTimeSpan("call-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(2), breaker.GetTimeSpan("reset-timeout"));
    }

    [Fact]
    public async Task Tags_are_kept_in_the_journal_row_and_a_projection_poll_reads_only_the_rows_after_its_offset()
    {
        await PersistOneLineAsync("10.0.0.10");

        await using var file = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath));
        await file.OpenAsync();
        Assert.Equal($";{NodeLog.LinesTag};", await ScalarAsync(file, "SELECT tags FROM journal"));
        Assert.Equal(0L, await ScalarAsync(file, "SELECT count(*) FROM sqlite_master WHERE name = 'tags'")); // no tag table

        // The shape of the plugin's EventsByTag read in Csv mode: a range of the ordering key, filtered.
        var plan = await PlanAsync(file, """
            SELECT ordering FROM journal
            WHERE tags IS NOT NULL AND tags LIKE '%;lines;%' AND deleted = 0 AND ordering > 10 AND ordering <= 20
            ORDER BY ordering LIMIT 100
            """);
        Assert.Contains("USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_written_with_a_tag_table_is_moved_to_tags_in_the_row_once_and_its_events_are_read_by_tag()
    {
        await PersistOneLineAsync("10.0.0.11");
        await PersistOneLineAsync("10.0.0.12");
        await using (var file = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath)))
        {
            // What the tag-table mode left: an empty column and the tags in their own table.
            await file.OpenAsync();
            await ScalarAsync(file, "CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag TEXT NOT NULL, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, PRIMARY KEY (ordering_id, tag))");
            await ScalarAsync(file, "INSERT INTO tags (ordering_id, tag, persistence_id, sequence_nr) SELECT ordering, 'lines', persistence_id, sequence_number FROM journal");
            await ScalarAsync(file, $"INSERT INTO tags (ordering_id, tag, persistence_id, sequence_nr) SELECT min(ordering), '{CrashTopic.Tag}', persistence_id, sequence_number FROM journal");
            await ScalarAsync(file, "UPDATE journal SET tags = ''");
        }

        var options = new AggregatorOptions { DataDir = Dir };
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Assert.Equal(2, await JournalTagMigration.RunAsync(options, logger, CancellationToken.None));
        Assert.Equal(0, await JournalTagMigration.RunAsync(options, logger, CancellationToken.None)); // again: nothing left

        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var lines = await journal.CurrentEventsByTag(NodeLog.LinesTag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        var crashes = await journal.CurrentEventsByTag(CrashTopic.Tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(2, lines.Count);
        Assert.Single(crashes);
        Assert.Equal([CrashTopic.Tag, NodeLog.LinesTag], crashes[0].Tags.Order(StringComparer.Ordinal));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection file, string sql)
    {
        await using var command = file.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> PlanAsync(SqliteConnection file, string sql)
    {
        await using var command = file.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(3));
        }

        return plan.ToString();
    }

    /// <summary>A node's entity persists one line: the journal's tables exist after that.</summary>
    private async Task PersistOneLineAsync(string node)
    {
        var entity = Sys.ActorOf(NodeLog.Props(node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        var builder = new DatagramBatchBuilder();
        builder.Add(Encoding.UTF8.GetBytes("one line\n"), DateTimeOffset.UtcNow.UtcTicks, DatagramTransport.Udp);
        entity.Tell(new NodeBatch(node, "receiver-a/1", 1, builder.Build()), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);
    }
}
