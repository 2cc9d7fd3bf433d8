using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The SQLite index's one writer connection and its statements, prepared once and reused for every batch (SQLite
/// keeps a prepared statement per command as long as its text and connection stay). Not thread-safe: the owner
/// serialises calls.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private static readonly string[] InsertParameters =
        ["$id", "$node", "$received", "$stream", "$level", "$facility", "$kernel_us", "$seq", "$caller", "$boot", "$host", "$app", "$proc_id", "$flags", "$text", "$event_seq"];
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _offset;
    private readonly SqliteCommand _lastUsed;
    private readonly SqliteParameter _lo;
    private readonly SqliteParameter _hi;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _p;
    private readonly SqliteCommand _insertText;
    private readonly SqliteParameter _textId;
    private readonly SqliteParameter _textValue;
    private readonly SqliteCommand _trims;
    private readonly SqliteCommand _store;
    private readonly SqliteParameter _position;

    public SqliteWriter(SqliteConnection connection, string projection)
    {
        _connection = connection;
        using (var pragma = connection.CreateCommand())
        {
            // NORMAL is safe with WAL (a power cut loses at most the last batches, and their offset with them, so
            // they are indexed again); a bigger page cache keeps the b-trees' hot pages; the WAL is checkpointed
            // every 16 MiB rather than every 4 MiB.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=4096;";
            pragma.ExecuteNonQuery();
        }

        _offset = Command("SELECT position FROM projection WHERE name = $name");
        _offset.Parameters.AddWithValue("$name", projection);
        _lastUsed = Command("SELECT max(id) FROM lines WHERE id >= $lo AND id < $hi");
        _lo = _lastUsed.Parameters.Add("$lo", SqliteType.Integer);
        _hi = _lastUsed.Parameters.Add("$hi", SqliteType.Integer);
        _insert = Command(
            "INSERT INTO lines(id, node, received, stream, level, facility, kernel_us, seq, caller, boot, host, app, proc_id, flags, text, event_seq) " +
            "VALUES ($id, $node, $received, $stream, $level, $facility, $kernel_us, $seq, $caller, $boot, $host, $app, $proc_id, $flags, $text, $event_seq)");
        _p = [.. InsertParameters.Select(name => _insert.Parameters.Add(new SqliteParameter { ParameterName = name }))];
        _insertText = Command("INSERT INTO lines_text(rowid, text) VALUES ($id, $text)");
        _textId = _insertText.Parameters.Add("$id", SqliteType.Integer);
        _textValue = _insertText.Parameters.Add("$text", SqliteType.Text);
        _trims = Command("SELECT node, up_to FROM trims");
        _store = Command("INSERT INTO projection(name, position) VALUES ($name, $position) ON CONFLICT(name) DO UPDATE SET position = excluded.position");
        _store.Parameters.AddWithValue("$name", projection);
        _position = _store.Parameters.Add("$position", SqliteType.Integer);
    }

    public int Write(IReadOnlyList<IndexedEvent> events)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        Enlist(transaction);
        var stored = _offset.ExecuteScalar() is long s ? s : 0;
        var keys = new KeyAllocator((from, to) =>
        {
            _lo.Value = from;
            _hi.Value = to;
            return _lastUsed.ExecuteScalar() is long last ? last : null;
        });

        var batch = IndexBatch.Of(events, stored, Trimmed());
        var last = batch.Last;
        var added = 0;
        foreach (var e in batch.Fresh)
        {
            _p[1].Value = e.Node;
            _p[15].Value = e.SequenceNr;
            foreach (var line in e.Lines)
            {
                var id = keys.Next(line.ReceivedAt);
                _p[0].Value = id;
                _p[2].Value = line.ReceivedAt.UtcTicks;
                _p[3].Value = (int)line.Stream;
                _p[4].Value = line.Level;
                _p[5].Value = line.Facility;
                _p[6].Value = line.KernelTimeUs;
                _p[7].Value = line.Seq;
                _p[8].Value = (object?)line.Caller ?? DBNull.Value;
                _p[9].Value = line.Boot;
                _p[10].Value = (object?)line.Host ?? DBNull.Value;
                _p[11].Value = (object?)line.App ?? DBNull.Value;
                _p[12].Value = (object?)line.ProcId ?? DBNull.Value;
                _p[13].Value = (int)line.Flags;
                _p[14].Value = line.Text;
                _insert.ExecuteNonQuery();
                _textId.Value = id;
                _textValue.Value = line.Text;
                _insertText.ExecuteNonQuery();
                added++;
            }
        }

        if (last == stored)
        {
            return 0;
        }

        _position.Value = last;
        _store.ExecuteNonQuery();
        transaction.Commit();
        return added;
    }

    /// <summary>
    /// Deletes the node's lines from events up to <paramref name="upToSequenceNr"/>, from both tables. The trigram
    /// table is contentless: FTS5 forgets a row when told its exact text, which <c>lines</c> still holds.
    /// </summary>
    public int Trim(string node, long upToSequenceNr)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var remember = Command("INSERT INTO trims(node, up_to) VALUES ($node, $upTo) ON CONFLICT(node) DO UPDATE SET up_to = max(up_to, excluded.up_to)");
        using var forget = Command(
            "INSERT INTO lines_text(lines_text, rowid, text) SELECT 'delete', id, text FROM lines WHERE node = $node AND event_seq <= $upTo");
        using var delete = Command("DELETE FROM lines WHERE node = $node AND event_seq <= $upTo");
        foreach (var command in new[] { remember, forget, delete })
        {
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$node", node);
            command.Parameters.AddWithValue("$upTo", upToSequenceNr);
        }

        remember.ExecuteNonQuery();
        forget.ExecuteNonQuery();
        var deleted = delete.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _offset, _lastUsed, _insert, _insertText, _trims, _store })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private Dictionary<string, long> Trimmed()
    {
        var trimmed = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = _trims.ExecuteReader();
        while (reader.Read())
        {
            trimmed[reader.GetString(0)] = reader.GetInt64(1);
        }

        return trimmed;
    }

    private void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in new[] { _offset, _lastUsed, _insert, _insertText, _trims, _store })
        {
            command.Transaction = transaction;
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
