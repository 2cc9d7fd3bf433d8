using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The SQLite index's one writer connection and its statements, prepared once and reused for every batch (SQLite
/// keeps a prepared statement per command as long as its text and connection stay). Not thread-safe: the owner
/// serialises calls.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _offset;
    private readonly SqliteCommand _lastUsed;
    private readonly SqliteParameter _lo;
    private readonly SqliteParameter _hi;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _id;
    private readonly SqliteParameter _node;
    private readonly SqliteParameter _count;
    private readonly SqliteParameter _eventSeq;
    private readonly SqliteParameter _lines;
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
        _lastUsed = Command("SELECT max(id + count - 1) FROM blocks WHERE id >= $lo AND id < $hi");
        _lo = _lastUsed.Parameters.Add("$lo", SqliteType.Integer);
        _hi = _lastUsed.Parameters.Add("$hi", SqliteType.Integer);
        _insert = Command("INSERT INTO blocks(id, node, count, event_seq, lines) VALUES ($id, $node, $count, $event_seq, $lines)");
        _id = _insert.Parameters.Add("$id", SqliteType.Integer);
        _node = _insert.Parameters.Add("$node", SqliteType.Text);
        _count = _insert.Parameters.Add("$count", SqliteType.Integer);
        _eventSeq = _insert.Parameters.Add("$event_seq", SqliteType.Integer);
        _lines = _insert.Parameters.Add("$lines", SqliteType.Blob);
        _insertText = Command("INSERT INTO blocks_text(rowid, text) VALUES ($id, $text)");
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
            _node.Value = e.Node;
            _eventSeq.Value = e.SequenceNr;
            foreach (var block in LineBlocks.Split(e.Lines))
            {
                var count = block.GetOffsetAndLength(e.Lines.Count).Length;
                var id = keys.Next(e.Lines[block.Start].ReceivedAt, count);
                _id.Value = id;
                _count.Value = count;
                _lines.Value = LineBlocks.Encode(e.Lines, block);
                _insert.ExecuteNonQuery();
                _textId.Value = id;
                _textValue.Value = TrigramDocument.Of(e.Lines, block);
                _insertText.ExecuteNonQuery();
                added += count;
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
    /// table is contentless: FTS5 forgets a document when told its exact text, rebuilt here from the block
    /// (<see cref="TrigramDocument"/> gives the same document for the same lines).
    /// </summary>
    /// <returns>The number of lines deleted.</returns>
    public int Trim(string node, long upToSequenceNr)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var remember = Command("INSERT INTO trims(node, up_to) VALUES ($node, $upTo) ON CONFLICT(node) DO UPDATE SET up_to = max(up_to, excluded.up_to)");
        using var doomed = Command("SELECT id, lines FROM blocks WHERE node = $node AND event_seq <= $upTo");
        using var forget = Command("INSERT INTO blocks_text(blocks_text, rowid, text) VALUES ('delete', $id, $text)");
        using var delete = Command("DELETE FROM blocks WHERE node = $node AND event_seq <= $upTo");
        foreach (var command in new[] { remember, doomed, forget, delete })
        {
            command.Transaction = transaction;
        }

        foreach (var command in new[] { remember, doomed, delete })
        {
            command.Parameters.AddWithValue("$node", node);
            command.Parameters.AddWithValue("$upTo", upToSequenceNr);
        }

        var id = forget.Parameters.Add("$id", SqliteType.Integer);
        var text = forget.Parameters.Add("$text", SqliteType.Text);
        remember.ExecuteNonQuery();
        var deleted = 0;
        using (var reader = doomed.ExecuteReader())
        {
            // One block at a time: a node's whole history may be due.
            while (reader.Read())
            {
                var lines = LineBlocks.Decode((byte[])reader.GetValue(1));
                id.Value = reader.GetInt64(0);
                text.Value = TrigramDocument.Of(lines, ..);
                forget.ExecuteNonQuery();
                deleted += lines.Length;
            }
        }

        delete.ExecuteNonQuery();
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
