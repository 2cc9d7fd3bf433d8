using System.Text;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Aggregator.Tests.Hosting;

/// <summary>
/// The embedded journal on a real SQLite file: krglogs creates its table and the one index its reads need, without
/// which every read of a node scans the whole journal. Tags are kept in the journal's rows (Csv mode).
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
        Assert.DoesNotContain("journal_created_idx", indexes); // the plugin's, read by nothing, written by every event
        Assert.DoesNotContain("journal_sequence_number_idx", indexes);
    }

    /// <summary>A journal the plugin created (before krglogs made the table itself) loses the indexes, once, and keeps its events.</summary>
    [Fact]
    public async Task A_journal_made_by_the_plugin_loses_its_unread_indexes_once_and_keeps_its_events()
    {
        var path = Path.Combine(Dir, "made-by-the-plugin.db");
        await using (var file = new SqliteConnection(SqlitePersistence.ConnectionString(path)))
        {
            // The plugin's set-up for SQLite: its table (the same as ours) and its footer's three indexes.
            await file.OpenAsync();
            await ScalarAsync(file, SqliteJournalSchema.Table);
            await ScalarAsync(file, "CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created)");
            await ScalarAsync(file, "CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number)");
            await ScalarAsync(file, "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags) VALUES (1, 0, 'node-10.0.0.1', 1, x'00', ';lines;')");
        }

        Assert.Equal(2, SqlitePersistence.Prepare(path));
        Assert.Equal(0, SqlitePersistence.Prepare(path)); // a restart: nothing left to drop

        await using var after = new SqliteConnection(SqlitePersistence.ConnectionString(path));
        await after.OpenAsync();
        Assert.Equal(1L, await ScalarAsync(after, "SELECT count(*) FROM journal"));
        Assert.Equal(0L, await ScalarAsync(after, "SELECT count(*) FROM sqlite_master WHERE name IN ('journal_created_idx', 'journal_sequence_number_idx')"));
        Assert.Equal(1L, await ScalarAsync(after, "SELECT count(*) FROM sqlite_master WHERE name = 'journal_uq'"));
    }

    /// <summary>krglogs writes the rows (<see cref="KrgLogsJournal"/>); the plugin's read side and recovery read them back.</summary>
    [Fact]
    public async Task The_journal_writes_its_own_rows_and_the_plugin_reads_them_back()
    {
        Assert.StartsWith(typeof(KrgLogsJournal).FullName + ",", Sys.Settings.Config.GetString("akka.persistence.journal.sql.class"), StringComparison.Ordinal);

        await PersistOneLineAsync("10.0.0.14");

        Assert.Equal(["one line"], await JournalTexts("10.0.0.14"));
        await using var file = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath));
        await file.OpenAsync();
        Assert.Equal(1L, await ScalarAsync(file, "SELECT count(*) FROM journal WHERE identifier IS NOT NULL AND manifest <> '' AND length(writer_uuid) = 32 AND created > 0"));

        // A new entity for the node recovers the line and goes on from its sequence number.
        var again = Sys.ActorOf(NodeLog.Props("10.0.0.14", new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        again.Tell(new GetTail("10.0.0.14", 10), TestActor);
        var tail = await ExpectMsgAsync<NodeTail>(Wait);
        Assert.Equal(["one line"], tail.Lines.Select(l => l.Text));
        Assert.Equal(1, tail.UpToSeq);
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

    /// <summary>
    /// The journal's connections commit with synchronous=NORMAL (1): into the WAL, no fsync of their own; with no sync
    /// interval they keep SQLite's FULL (2), an fsync per commit. Asked of the very options the journal plugin reads.
    /// </summary>
    [Fact]
    public async Task The_journal_commits_without_an_fsync_of_its_own_unless_the_sync_interval_is_zero()
    {
        var setup = Sys.Settings.Setup.Get<MultiDataOptionsSetup>();
        Assert.True(setup.HasValue, "the journal's connection options are registered");
        Assert.True(setup.Value.TryGetDataOptionsFor("akka.persistence.journal.sql", out var journal));

        Assert.Equal(1L, await SynchronousAsync(journal!));
        // Another file: pooled connections keep their pragmas, so this one's pool must not hold the journal's.
        Assert.Equal(2L, await SynchronousAsync(SqlitePersistence.DataOptions(Path.Combine(Dir, "full.db"), new JournalTuning { SyncInterval = TimeSpan.Zero })));
    }

    [Fact]
    public async Task A_journal_sync_fsyncs_the_WAL_and_counts_what_the_disk_refuses()
    {
        await PersistOneLineAsync("10.0.0.13");
        var sync = new JournalSync(DatabasePath, TimeSpan.FromSeconds(1), NullLogger<JournalSync>.Instance);
        Assert.True(File.Exists(sync.WalPath), "the journal is in WAL mode");

        sync.Sync();
        Assert.Equal((1, 0), (sync.Syncs, sync.Failures));

        // No WAL: nothing to make durable.
        var empty = new JournalSync(Path.Combine(Dir, "none.db"), TimeSpan.FromSeconds(1), NullLogger<JournalSync>.Instance);
        empty.Sync();
        Assert.Equal((0, 0), (empty.Syncs, empty.Failures));

        // A WAL that cannot be opened for syncing: the caller must know, and the failure is counted.
        var refused = new JournalSync(Path.Combine(Dir, "refused.db"), TimeSpan.FromSeconds(1), NullLogger<JournalSync>.Instance);
        Directory.CreateDirectory(refused.WalPath);
        Assert.ThrowsAny<Exception>(refused.Sync);
        Assert.Equal((0, 1), (refused.Syncs, refused.Failures));
        Assert.Contains("krglogs_journal_sync_failures_total 1", refused.Render(), StringComparison.Ordinal);
    }

    private static async Task<long> SynchronousAsync(DataOptions options)
    {
        await using var connection = new DataConnection(options);
        return await connection.ExecuteAsync<long>("PRAGMA synchronous");
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
