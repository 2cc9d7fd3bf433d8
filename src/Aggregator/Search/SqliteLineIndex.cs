using KrgLogs.Shared.Lines;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The default index: a SQLite file (WAL: searches read beside the writer) with a lines table keyed by
/// <see cref="IndexKey"/>, an FTS5 trigram table for substrings (contentless: it holds only the index, the text
/// is in <c>lines</c>), and the projection's offset.
/// </summary>
public sealed class SqliteLineIndex : LineIndex
{
    private const string ProjectionName = "lines";
    private static readonly string[] InsertParameters =
        ["$id", "$node", "$received", "$stream", "$level", "$facility", "$kernel_us", "$seq", "$caller", "$boot", "$host", "$app", "$proc_id", "$flags", "$text"];
    private readonly string _connectionString;
    private readonly Lazy<bool> _created;

    public SqliteLineIndex(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30, Pooling = true }.ToString();
        _created = new Lazy<bool>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    public override string Where => Path;

    public override long ReadOffset()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position FROM projection WHERE name = $name";
        command.Parameters.AddWithValue("$name", ProjectionName);
        return command.ExecuteScalar() is long offset ? offset : 0;
    }

    public override int Write(IReadOnlyList<IndexedEvent> events)
    {
        using var connection = Open();
        using (var pragma = connection.CreateCommand())
        {
            // Per connection: NORMAL is safe with WAL (a power cut loses at most the last batches, and their offset
            // with them, so they are indexed again); a bigger page cache keeps the trigram b-trees' hot pages.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;";
            pragma.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var offsetQuery = Command(connection, transaction, "SELECT position FROM projection WHERE name = $name");
        offsetQuery.Parameters.AddWithValue("$name", ProjectionName);
        var stored = offsetQuery.ExecuteScalar() is long s ? s : 0;

        using var lastUsed = Command(connection, transaction, "SELECT max(id) FROM lines WHERE id >= $lo AND id < $hi");
        var lo = lastUsed.Parameters.Add("$lo", SqliteType.Integer);
        var hi = lastUsed.Parameters.Add("$hi", SqliteType.Integer);
        var keys = new KeyAllocator((from, to) =>
        {
            lo.Value = from;
            hi.Value = to;
            return lastUsed.ExecuteScalar() is long last ? last : null;
        });

        using var insert = Command(
            connection,
            transaction,
            "INSERT INTO lines(id, node, received, stream, level, facility, kernel_us, seq, caller, boot, host, app, proc_id, flags, text) " +
            "VALUES ($id, $node, $received, $stream, $level, $facility, $kernel_us, $seq, $caller, $boot, $host, $app, $proc_id, $flags, $text)");
        var p = InsertParameters.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        using var insertText = Command(connection, transaction, "INSERT INTO lines_text(rowid, text) VALUES ($id, $text)");
        var textId = insertText.Parameters.Add("$id", SqliteType.Integer);
        var textValue = insertText.Parameters.Add("$text", SqliteType.Text);

        var last = stored;
        var added = 0;
        foreach (var e in events)
        {
            if (e.Offset <= stored)
            {
                continue;
            }

            last = Math.Max(last, e.Offset);
            foreach (var line in e.Lines)
            {
                var id = keys.Next(line.ReceivedAt);
                p[0].Value = id;
                p[1].Value = e.Node;
                p[2].Value = line.ReceivedAt.UtcTicks;
                p[3].Value = (int)line.Stream;
                p[4].Value = line.Level;
                p[5].Value = line.Facility;
                p[6].Value = line.KernelTimeUs;
                p[7].Value = line.Seq;
                p[8].Value = (object?)line.Caller ?? DBNull.Value;
                p[9].Value = line.Boot;
                p[10].Value = (object?)line.Host ?? DBNull.Value;
                p[11].Value = (object?)line.App ?? DBNull.Value;
                p[12].Value = (object?)line.ProcId ?? DBNull.Value;
                p[13].Value = (int)line.Flags;
                p[14].Value = line.Text;
                insert.ExecuteNonQuery();
                textId.Value = id;
                textValue.Value = line.Text;
                insertText.ExecuteNonQuery();
                added++;
            }
        }

        if (last == stored)
        {
            return 0;
        }

        using var store = Command(connection, transaction, "INSERT INTO projection(name, position) VALUES ($name, $position) ON CONFLICT(name) DO UPDATE SET position = excluded.position");
        store.Parameters.AddWithValue("$name", ProjectionName);
        store.Parameters.AddWithValue("$position", last);
        store.ExecuteNonQuery();
        transaction.Commit();
        return added;
    }

    public override async Task<IReadOnlyList<IndexedLine>> ReadAsync(LineFilter filter, CancellationToken cancel)
    {
        var (sql, parameters) = SqliteLineSql.Select(filter);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancel);
        return await IndexedLineReader.ReadAllAsync(reader, filter.Take, cancel);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private SqliteConnection Open()
    {
        _ = _created.Value;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private bool Create()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the file: searches read beside the writer.
        command.CommandText = "PRAGMA journal_mode=WAL;" + SqliteLineSql.Schema;
        command.ExecuteNonQuery();
        return true;
    }
}
