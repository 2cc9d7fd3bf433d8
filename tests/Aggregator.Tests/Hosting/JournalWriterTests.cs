using KrgLogs.Aggregator.Hosting;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Tests.Hosting;

/// <summary>The journal's group commit on a real SQLite file, with another connection holding the write lock when a test needs the writer to wait.</summary>
public sealed class JournalWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-writer-").FullName;

    private string DatabasePath => Path.Combine(_dir, "journal.db");

    public JournalWriterTests() => SqlitePersistence.Prepare(DatabasePath);

    [Fact]
    public async Task A_write_is_committed_with_every_column_the_read_side_reads()
    {
        using var writer = NewWriter();

        await writer.Write([Record("node-a", 1), Record("node-a", 2)]);

        await using var file = Open();
        await using var command = file.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, created, deleted, message, tags, manifest, identifier, writer_uuid FROM journal ORDER BY ordering";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}/{reader.GetInt64(1)}/{reader.GetInt64(2)}/{reader.GetInt64(3)}/{Convert.ToHexString((byte[])reader[4])}/{reader.GetString(5)}/{reader.GetString(6)}/{reader.GetInt32(7)}/{reader.GetString(8)}");
        }

        Assert.Equal(["node-a/1/1001/0/0102/;lines;/lines.v1/7102/w", "node-a/2/1002/0/0102/;lines;/lines.v1/7102/w"], rows);
        Assert.Equal(1, writer.Transactions);
    }

    [Fact]
    public async Task Writes_queued_while_a_transaction_waits_commit_together()
    {
        using var writer = NewWriter();
        await using var holder = Open();
        await using var hold = holder.BeginTransaction(); // BEGIN IMMEDIATE: the writer's transaction waits on it
        await using (var touch = holder.CreateCommand())
        {
            touch.Transaction = hold;
            touch.CommandText = "UPDATE journal SET deleted = 0 WHERE 0";
            await touch.ExecuteNonQueryAsync();
        }

        var writes = Enumerable.Range(1, 50).Select(i => writer.Write([Record("node-" + i, 1)])).ToList();
        Assert.DoesNotContain(writes, w => w.IsCompleted); // all wait for the lock
        await hold.RollbackAsync();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(writer.Transactions, 1, 2); // the one that waited, then everything queued behind it
        Assert.Equal(50L, await CountAsync());
    }

    [Fact]
    public async Task A_failed_transaction_fails_its_writes_and_the_next_one_commits()
    {
        using var writer = NewWriter();
        await writer.Write([Record("node-a", 1)]);

        // The same node and sequence number again: the unique index refuses it, the whole write fails.
        await Assert.ThrowsAsync<SqliteException>(() => writer.Write([Record("node-a", 2), Record("node-a", 1)]));
        await writer.Write([Record("node-a", 2)]);

        Assert.Equal(2L, await CountAsync());
    }

    [Fact]
    public async Task Beyond_its_buffer_a_write_is_refused_at_once_and_the_rest_still_commit()
    {
        using var writer = NewWriter(bufferSize: 1);
        await using var holder = Open();
        await using var hold = holder.BeginTransaction();
        await using (var touch = holder.CreateCommand())
        {
            touch.Transaction = hold;
            touch.CommandText = "UPDATE journal SET deleted = 0 WHERE 0";
            await touch.ExecuteNonQueryAsync();
        }

        // At most one write waits in the transaction and one in the queue.
        var writes = Enumerable.Range(1, 5).Select(i => writer.Write([Record("node-" + i, 1)])).ToList();
        var refused = writes.Where(w => w.IsFaulted).ToList();
        Assert.InRange(refused.Count, 3, 4);
        Assert.All(refused, w => Assert.IsType<InvalidOperationException>(w.Exception!.InnerException));

        await hold.RollbackAsync();
        var accepted = writes.Except(refused).ToList();
        await Task.WhenAll(accepted).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(accepted.Count, await CountAsync());
    }

    [Fact]
    public async Task Disposing_commits_what_is_queued()
    {
        var writer = NewWriter();
        var writes = Enumerable.Range(1, 20).Select(i => writer.Write([Record("node-" + i, 1)])).ToList();

        writer.Dispose();

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        Assert.Equal(20L, await CountAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.Write([Record("node-late", 1)]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private JournalWriter NewWriter(int bufferSize = 10_000) =>
        new(() => SqlitePersistence.ForWrites(SqlitePersistence.ConnectionString(DatabasePath)), SqlitePersistence.OpenedForWrites(commitWithoutSync: true), batchSize: 400, bufferSize: bufferSize);

    private static JournalRecord Record(string persistenceId, long seq) =>
        new(persistenceId, seq, 1000 + seq, [1, 2], ";lines;", "lines.v1", 7102, "w");

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(SqlitePersistence.ConnectionString(DatabasePath));
        connection.Open();
        return connection;
    }

    private async Task<long> CountAsync()
    {
        await using var file = Open();
        await using var command = file.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journal";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
