using KrgLogs.Shared.Lines;
using Npgsql;
using NpgsqlTypes;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The clustered index: tables in the same PostgreSQL database as the journal, shared by every aggregator, text
/// indexed by pg_trgm (GIN) so <c>ILIKE '%…%'</c> is a substring search. Created on first use, race-safe.
/// </summary>
public sealed class PostgresLineIndex : LineIndex
{
    private const string ProjectionName = "lines";
    private readonly NpgsqlDataSource _source;
    private readonly Lazy<bool> _created;

    public PostgresLineIndex(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Where = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _created = new Lazy<bool>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public override string Where { get; }

    public override long ReadOffset()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT position FROM krglogs_projection WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", ProjectionName);
        return command.ExecuteScalar() is long offset ? offset : 0;
    }

    public override int Write(IReadOnlyList<IndexedEvent> events)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        // The row lock makes writers take turns: a second writer (a singleton hand-over) waits, then skips.
        using var offsetQuery = new NpgsqlCommand("SELECT position FROM krglogs_projection WHERE name = @name FOR UPDATE", connection, transaction);
        offsetQuery.Parameters.AddWithValue("name", ProjectionName);
        var stored = offsetQuery.ExecuteScalar() is long s ? s : 0;

        using var lastUsed = new NpgsqlCommand("SELECT max(id + count - 1) FROM krglogs_blocks WHERE id >= @lo AND id < @hi", connection, transaction);
        var lo = lastUsed.Parameters.Add("lo", NpgsqlDbType.Bigint);
        var hi = lastUsed.Parameters.Add("hi", NpgsqlDbType.Bigint);
        var keys = new KeyAllocator((from, to) =>
        {
            lo.Value = from;
            hi.Value = to;
            return lastUsed.ExecuteScalar() is long last ? last : null;
        });

        var trimmed = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var trims = new NpgsqlCommand("SELECT node, up_to FROM krglogs_trims", connection, transaction))
        using (var reader = trims.ExecuteReader())
        {
            while (reader.Read())
            {
                trimmed[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var rows = new Rows();
        var batch = IndexBatch.Of(events, stored, trimmed);
        var last = batch.Last;
        foreach (var e in batch.Fresh)
        {
            foreach (var block in LineBlocks.Split(e.Lines))
            {
                var count = block.GetOffsetAndLength(e.Lines.Count).Length;
                rows.Add(keys.Next(e.Lines[block.Start].ReceivedAt, count), e.Node, count, e.SequenceNr, LineBlocks.Encode(e.Lines, block), TrigramDocument.Of(e.Lines, block));
            }
        }

        if (last == stored)
        {
            return 0;
        }

        if (rows.Count > 0)
        {
            using var insert = new NpgsqlCommand(
                "INSERT INTO krglogs_blocks(id, node, count, event_seq, lines, text) SELECT * FROM unnest(@id, @node, @count, @event_seq, @lines, @text)",
                connection,
                transaction);
            rows.Bind(insert);
            insert.ExecuteNonQuery();
        }

        using var store = new NpgsqlCommand("UPDATE krglogs_projection SET position = @position WHERE name = @name", connection, transaction);
        store.Parameters.AddWithValue("name", ProjectionName);
        store.Parameters.AddWithValue("position", last);
        store.ExecuteNonQuery();
        transaction.Commit();
        return rows.Lines;
    }

    public override int Trim(string node, long upToSequenceNr)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        // Takes turns with the writer (same row lock), so a batch being written sees the trim or is trimmed by it.
        using var turn = new NpgsqlCommand("SELECT position FROM krglogs_projection WHERE name = @name FOR UPDATE", connection, transaction);
        turn.Parameters.AddWithValue("name", ProjectionName);
        turn.ExecuteNonQuery();
        using var remember = new NpgsqlCommand(
            "INSERT INTO krglogs_trims(node, up_to) VALUES (@node, @upTo) ON CONFLICT (node) DO UPDATE SET up_to = greatest(krglogs_trims.up_to, excluded.up_to)",
            connection,
            transaction);
        using var delete = new NpgsqlCommand("DELETE FROM krglogs_blocks WHERE node = @node AND event_seq <= @upTo RETURNING count", connection, transaction);
        foreach (var command in new[] { remember, delete })
        {
            command.Parameters.AddWithValue("node", node);
            command.Parameters.AddWithValue("upTo", upToSequenceNr);
        }

        remember.ExecuteNonQuery();
        var deleted = 0;
        using (var reader = delete.ExecuteReader())
        {
            while (reader.Read())
            {
                deleted += reader.GetInt32(0);
            }
        }

        transaction.Commit();
        return deleted;
    }

    public override async Task<IReadOnlyList<IndexedLine>> ReadAsync(LineFilter filter, CancellationToken cancel)
    {
        _ = _created.Value;
        await using var connection = await _source.OpenConnectionAsync(cancel);
        // Blocks in chunks (a block usually holds a line the filter wants, so about a chunk's worth of lines), until
        // the chunk of lines is full or no block is left.
        var found = new List<IndexedLine>(Math.Min(filter.Take, 1024));
        var chunk = Math.Clamp(filter.Take, 16, 1000);
        long? after = null;
        while (found.Count < filter.Take)
        {
            var (sql, parameters) = PostgresLineSql.Select(filter, chunk, after);
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var read = 0;
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (found.Count < filter.Take && await reader.ReadAsync(cancel))
            {
                read++;
                after = reader.GetInt64(0);
                LineBlocks.Collect(filter, after.Value, reader.GetString(1), (byte[])reader.GetValue(2), found);
            }

            if (read < chunk)
            {
                break;
            }
        }

        return found;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private NpgsqlConnection Open()
    {
        _ = _created.Value;
        return _source.OpenConnection();
    }

    private bool Create()
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand(PostgresLineSql.Schema, connection, transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }

    /// <summary>A batch's blocks as column arrays: one INSERT … unnest round trip for the whole batch.</summary>
    private sealed class Rows
    {
        private readonly List<long> _id = [];
        private readonly List<string> _node = [];
        private readonly List<int> _count = [];
        private readonly List<long> _eventSeq = [];
        private readonly List<byte[]> _lines = [];
        private readonly List<string> _text = [];

        public int Count => _id.Count;

        public int Lines { get; private set; }

        public void Add(long id, string node, int count, long eventSeq, byte[] lines, string text)
        {
            _id.Add(id);
            _node.Add(node);
            _count.Add(count);
            _eventSeq.Add(eventSeq);
            _lines.Add(lines);
            _text.Add(text);
            Lines += count;
        }

        public void Bind(NpgsqlCommand command)
        {
            command.Parameters.Add(new NpgsqlParameter<long[]>("id", [.. _id]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("node", [.. _node]));
            command.Parameters.Add(new NpgsqlParameter<int[]>("count", [.. _count]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("event_seq", [.. _eventSeq]));
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("lines", [.. _lines]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter<string[]>("text", [.. _text]));
        }
    }
}
