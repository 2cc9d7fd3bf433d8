using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The default index: a SQLite file (WAL: searches read beside the writer) with a table of blocks of lines keyed by
/// <see cref="IndexKey"/> (<see cref="LineBlocks"/>), an FTS5 trigram table over them for substrings (contentless: it
/// holds only the index, the text is in the blocks), and the projection's offset. One writer connection stays open with its statements prepared
/// (writes come one batch at a time from the indexer); searches use pooled connections of their own.
/// </summary>
public sealed class SqliteLineIndex : LineIndex
{
    private const string ProjectionName = "lines";
    private readonly string _connectionString;
    private readonly Lazy<bool> _created;
    private readonly Lock _writing = new();
    private SqliteWriter? _writer;

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
        lock (_writing)
        {
            try
            {
                return Writer().Write(events);
            }
            catch
            {
                // A failed write may leave the connection mid-transaction: start over with a fresh one.
                _writer?.Dispose();
                _writer = null;
                throw;
            }
        }
    }

    public override int Trim(string node, long upToSequenceNr)
    {
        lock (_writing)
        {
            try
            {
                return Writer().Trim(node, upToSequenceNr);
            }
            catch
            {
                _writer?.Dispose();
                _writer = null;
                throw;
            }
        }
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

        // Blocks stream in key order; their lines are checked one by one until the chunk is full.
        var found = new List<IndexedLine>(Math.Min(filter.Take, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancel);
        while (found.Count < filter.Take && await reader.ReadAsync(cancel))
        {
            LineBlocks.Collect(filter, reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), found);
        }

        return found;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_writing)
            {
                _writer?.Dispose();
                _writer = null;
            }
        }

        base.Dispose(disposing);
    }

    private SqliteWriter Writer() => _writer ??= new SqliteWriter(Open(), ProjectionName);

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
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        // WAL is a property of the file: searches read beside the writer. An index of another schema version is
        // dropped with its offset, so the indexer rebuilds it from the journal.
        command.CommandText = "PRAGMA journal_mode=WAL;" +
            (version == SqliteLineSql.Version ? string.Empty : SqliteLineSql.DropAll) +
            SqliteLineSql.Schema +
            $"PRAGMA user_version={SqliteLineSql.Version};";
        command.ExecuteNonQuery();
        return true;
    }
}
