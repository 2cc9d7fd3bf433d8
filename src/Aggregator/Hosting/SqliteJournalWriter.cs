using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>One row of the journal's table (<see cref="SqliteJournalSchema"/>), as the plugin's read side expects it.</summary>
public sealed record JournalRecord(
    string PersistenceId,
    long SequenceNr,
    long Created,
    byte[] Message,
    string Tags,
    string Manifest,
    int Identifier,
    string? WriterUuid);

/// <summary>
/// Group commit into the SQLite journal, without linq2db: one connection kept open, one prepared insert, and every
/// write queued while a transaction runs goes into the next one. The plugin's own write path builds a linq2db
/// connection, a mapping schema and the insert's SQL again for every transaction; with 1,000 nodes that was 16 % of
/// the process's CPU for ~425 one-row transactions a second. Each queued write's rows commit together or not at all;
/// a failed transaction fails every write in it (as the plugin's does), and the connection is opened afresh.
/// </summary>
public sealed class SqliteJournalWriter : IDisposable
{
    private const string Insert = """
        INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
        VALUES ($created, 0, $persistence_id, $sequence_number, $message, $tags, $manifest, $identifier, $writer_uuid)
        """;

    private readonly string _connectionString;
    private readonly bool _commitWithoutSync;
    private readonly int _batchSize;
    private readonly Channel<Pending> _queue;
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private long _transactions;

    /// <param name="connectionString">The journal's database.</param>
    /// <param name="commitWithoutSync"><c>synchronous=NORMAL</c> on the connection: <see cref="JournalSync"/> fsyncs.</param>
    /// <param name="batchSize">Rows in one transaction at most (a single write larger than this still commits whole).</param>
    /// <param name="bufferSize">Writes queued at most; beyond it a write fails at once (the entity backs off and retries).</param>
    public SqliteJournalWriter(string connectionString, bool commitWithoutSync, int batchSize, int bufferSize)
    {
        // Not pooled: held for the writer's lifetime, and its pragma must not follow the handle back into the pool.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _commitWithoutSync = commitWithoutSync;
        _batchSize = Math.Max(1, batchSize);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, bufferSize))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then refuses instead of waiting
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (for tests and diagnostics).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Queues the rows of one write; the task completes once they are committed, or fails with the transaction.</summary>
    public Task Write(IReadOnlyList<JournalRecord> rows)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(rows, done)))
        {
            done.SetException(new InvalidOperationException("The journal's write queue is full (or closed): write refused"));
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var rows = 0;
            while (rows < _batchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                rows += pending.Rows.Count;
            }

            try
            {
                Commit(batch);
                Interlocked.Increment(ref _transactions);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception e)
            {
                Reset();
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private void Commit(List<Pending> batch)
    {
        var insert = Prepared();
        using var transaction = _connection!.BeginTransaction();
        insert.Transaction = transaction;
        var p = insert.Parameters;
        foreach (var pending in batch)
        {
            foreach (var row in pending.Rows)
            {
                p[0].Value = row.Created;
                p[1].Value = row.PersistenceId;
                p[2].Value = row.SequenceNr;
                p[3].Value = row.Message;
                p[4].Value = row.Tags;
                p[5].Value = row.Manifest;
                p[6].Value = row.Identifier;
                p[7].Value = (object?)row.WriterUuid ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private SqliteCommand Prepared()
    {
        if (_insert is not null)
        {
            return _insert;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            if (_commitWithoutSync)
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=NORMAL";
                pragma.ExecuteNonQuery();
            }

            var insert = connection.CreateCommand();
            insert.CommandText = Insert;
            foreach (var name in (string[])["$created", "$persistence_id", "$sequence_number", "$message", "$tags", "$manifest", "$identifier", "$writer_uuid"])
            {
                insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _connection = connection;
            _insert = insert;
            return insert;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // After a failure the connection may be in any state (disk full, file gone): start the next transaction on a new one.
    private void Reset()
    {
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>Stops taking writes, commits what is queued, closes the connection.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
        Reset();
    }

    private sealed record Pending(IReadOnlyList<JournalRecord> Rows, TaskCompletionSource Done);
}
