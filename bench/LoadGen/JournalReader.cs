using KrgLogs.Shared.Lines;
using Microsoft.Data.Sqlite;

namespace KrgLogs.LoadGen;

/// <summary>
/// Reads krglogs's SQLite journal read-only (beside the running server; WAL lets it) from a given ordering on:
/// the lines of every <c>lines.v1</c> event (the <see cref="LogLineBinary"/> list at the start of the event)
/// and a count of <c>crash.v1</c> events, per persistence id.
/// </summary>
public sealed class JournalReader(string databasePath) : IDisposable
{
    private readonly SqliteConnection _connection = Open(databasePath);

    public long Ordering { get; private set; }

    public void Dispose() => _connection.Dispose();

    /// <summary>Calls back for every new line or crash event; returns how many rows were new.</summary>
    public int ReadNew(Action<string, LogLine> line, Action<string, DateTimeOffset> crash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            "SELECT ordering, persistence_id, manifest, message FROM journal WHERE ordering > $from AND manifest IN ('lines.v1', 'crash.v1') ORDER BY ordering";
        command.Parameters.AddWithValue("$from", Ordering);
        using var rows = command.ExecuteReader();
        var count = 0;
        while (rows.Read())
        {
            count++;
            Ordering = rows.GetInt64(0);
            var persistenceId = rows.GetString(1);
            if (rows.GetString(2) == "crash.v1")
            {
                crash(persistenceId, CrashFirstAt(rows.GetStream(3)));
                continue;
            }

            using var reader = new BinaryReader(rows.GetStream(3));
            for (var n = reader.Read7BitEncodedInt(); n > 0; n--)
            {
                line(persistenceId, LogLineBinary.Read(reader));
            }
        }

        return count;
    }

    /// <summary>crash.v1: id, node, kind, title, frame?, panicked, corrupted, version?, then FirstAt ticks.</summary>
    private static DateTimeOffset CrashFirstAt(Stream message)
    {
        using var r = new BinaryReader(message);
        r.ReadString();
        r.ReadString();
        r.ReadString();
        r.ReadString();
        if (r.ReadBoolean())
        {
            r.ReadString();
        }

        r.ReadBoolean();
        r.ReadBoolean();
        if (r.ReadBoolean())
        {
            r.ReadString();
        }

        return new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
