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

        using var lastUsed = new NpgsqlCommand("SELECT max(id) FROM krglogs_lines WHERE id >= @lo AND id < @hi", connection, transaction);
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
            foreach (var line in e.Lines)
            {
                rows.Add(keys.Next(line.ReceivedAt), e.Node, line, e.SequenceNr);
            }
        }

        if (last == stored)
        {
            return 0;
        }

        if (rows.Count > 0)
        {
            using var insert = new NpgsqlCommand(
                "INSERT INTO krglogs_lines(" + PostgresLineSql.InsertColumns + ") SELECT * FROM unnest(@id, @node, @received, @stream, @level, @facility, @kernel_us, @seq, @caller, @boot, @host, @app, @proc_id, @flags, @text, @event_seq)",
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
        return rows.Count;
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
        using var delete = new NpgsqlCommand("DELETE FROM krglogs_lines WHERE node = @node AND event_seq <= @upTo", connection, transaction);
        foreach (var command in new[] { remember, delete })
        {
            command.Parameters.AddWithValue("node", node);
            command.Parameters.AddWithValue("upTo", upToSequenceNr);
        }

        remember.ExecuteNonQuery();
        var deleted = delete.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    public override async Task<IReadOnlyList<IndexedLine>> ReadAsync(LineFilter filter, CancellationToken cancel)
    {
        var (sql, parameters) = PostgresLineSql.Select(filter);
        _ = _created.Value;
        await using var connection = await _source.OpenConnectionAsync(cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancel);
        return await IndexedLineReader.ReadAllAsync(reader, filter.Take, cancel);
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

    /// <summary>A batch's rows as column arrays: one INSERT … unnest round trip for the whole batch.</summary>
    private sealed class Rows
    {
        private readonly List<long> _id = [];
        private readonly List<string> _node = [];
        private readonly List<long> _received = [];
        private readonly List<short> _stream = [];
        private readonly List<int> _level = [];
        private readonly List<int> _facility = [];
        private readonly List<long> _kernelUs = [];
        private readonly List<long> _seq = [];
        private readonly List<string?> _caller = [];
        private readonly List<int> _boot = [];
        private readonly List<string?> _host = [];
        private readonly List<string?> _app = [];
        private readonly List<string?> _procId = [];
        private readonly List<int> _flags = [];
        private readonly List<string> _text = [];
        private readonly List<long> _eventSeq = [];

        public int Count => _id.Count;

        public void Add(long id, string node, in LogLine line, long eventSeq)
        {
            _eventSeq.Add(eventSeq);
            _id.Add(id);
            _node.Add(node);
            _received.Add(line.ReceivedAt.UtcTicks);
            _stream.Add((short)line.Stream);
            _level.Add(line.Level);
            _facility.Add(line.Facility);
            _kernelUs.Add(line.KernelTimeUs);
            _seq.Add(line.Seq);
            _caller.Add(line.Caller);
            _boot.Add(line.Boot);
            _host.Add(line.Host);
            _app.Add(line.App);
            _procId.Add(line.ProcId);
            _flags.Add((int)line.Flags);
            _text.Add(line.Text);
        }

        public void Bind(NpgsqlCommand command)
        {
            command.Parameters.Add(new NpgsqlParameter<long[]>("id", [.. _id]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("node", [.. _node]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("received", [.. _received]));
            command.Parameters.Add(new NpgsqlParameter<short[]>("stream", [.. _stream]));
            command.Parameters.Add(new NpgsqlParameter<int[]>("level", [.. _level]));
            command.Parameters.Add(new NpgsqlParameter<int[]>("facility", [.. _facility]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("kernel_us", [.. _kernelUs]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("seq", [.. _seq]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("caller", [.. _caller]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int[]>("boot", [.. _boot]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("host", [.. _host]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("app", [.. _app]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("proc_id", [.. _procId]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int[]>("flags", [.. _flags]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("text", [.. _text]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("event_seq", [.. _eventSeq]));
        }
    }
}
