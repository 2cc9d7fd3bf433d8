using System.Text;
using Akka.Actor;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Tests.Hosting;

/// <summary>
/// The embedded journal on a real SQLite file: the plugin creates its indexes (only for a provider it knows by name),
/// without which every read of a node or a tag scans the whole journal; ours adds the one the tag reads need.
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
        Assert.Contains("tags_tag_idx", indexes); // EventsByTag: the projections
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
    public async Task The_tag_index_makes_a_projection_poll_read_only_the_rows_after_its_offset()
    {
        await PersistOneLineAsync("10.0.0.10"); // the plugin has made its tables

        var options = new AggregatorOptions { DataDir = Dir };
        await JournalTagIndex.EnsureAsync(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        await JournalTagIndex.EnsureAsync(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None); // again: harmless

        // The shape of the plugin's EventsByTag read (tag table mode).
        await using var file = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath));
        await file.OpenAsync();
        await using var command = file.CreateCommand();
        command.CommandText = """
            EXPLAIN QUERY PLAN
            SELECT r.ordering FROM journal r LEFT JOIN tags lp ON lp.ordering_id = r.ordering
            WHERE lp.ordering_id > 10 AND lp.ordering_id <= 20 AND r.deleted = 0 AND lp.tag = 'lines'
            ORDER BY r.ordering LIMIT 100
            """;
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(3));
            }
        }

        Assert.Contains($"INDEX {JournalTagIndex.Name} (tag=? AND ordering_id>? AND ordering_id<?)", plan.ToString(), StringComparison.Ordinal);
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
