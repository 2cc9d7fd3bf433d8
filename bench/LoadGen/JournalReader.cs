using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using KrgLogs.Shared.Lines;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KrgLogs.LoadGen;

/// <summary>
/// Reads krglogs's journal beside the running server — the SQLite file (read-only; WAL lets it) or the cluster's
/// PostgreSQL database — from where it stopped last: the lines of every <c>lines.v1</c> event (the
/// <see cref="LogLineBinary"/> list at the start of the event) and the <c>crash.v1</c> events, per persistence id.
/// </summary>
/// <remarks>
/// Several aggregators write PostgreSQL's journal at once, so a row can become visible after rows with a higher
/// <c>ordering</c> (its transaction commits later). An ordering skipped over is kept as an open gap and asked for
/// again on every read until <see cref="GapWait"/> has passed (a rolled-back insert leaves a gap for good).
/// </remarks>
public sealed class JournalReader : IDisposable
{
    private const int MaxOpenGaps = 64;
    private readonly DbConnection _connection;
    private readonly List<Gap> _gaps = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _highest;

    private readonly int? _backendPid;

    private JournalReader(DbConnection connection, int? backendPid = null)
    {
        _connection = connection;
        _backendPid = backendPid;
    }

    public static TimeSpan GapWait { get; } = TimeSpan.FromSeconds(10);

    public static JournalReader Sqlite(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return new JournalReader(connection);
    }

    public static JournalReader Postgres(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        return new JournalReader(connection, Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// The CPU time the PostgreSQL server process serving this reader has used so far (user + system, from its
    /// <c>/proc/PID/stat</c>, readable when the server runs on this machine as the same user or we are root); null
    /// for SQLite (read in this process) or when unreadable. The benchmark counts the server's CPU as krglogs's, so it
    /// takes this reader's share off.
    /// </summary>
    public double? BackendCpuSeconds()
    {
        try
        {
            if (_backendPid is not { } pid)
            {
                return null;
            }

            // Fields after the command name: state is field 3, utime 14 and stime 15 (in clock ticks of 1/100 s:
            // USER_HZ is 100 on every Linux architecture .NET runs on).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Calls back for every new line or crash event; returns how many rows were new.</summary>
    public int ReadNew(Action<string, LogLine> line, Action<string, DateTimeOffset> crash)
    {
        _gaps.RemoveAll(g => _clock.Elapsed - g.Since > GapWait);
        using var command = _connection.CreateCommand();
        var where = "ordering > @highest";
        Parameter(command, "highest", _highest);
        for (var i = 0; i < _gaps.Count; i++)
        {
            where += $" OR ordering BETWEEN @from{i} AND @to{i}";
            Parameter(command, $"from{i}", _gaps[i].From);
            Parameter(command, $"to{i}", _gaps[i].To);
        }

        // Every manifest, so that rows of other events close gaps too; only ours carry their message.
        command.CommandText =
            "SELECT ordering, persistence_id, manifest, CASE WHEN manifest IN ('lines.v1', 'crash.v1') THEN message END "
            + $"FROM journal WHERE {where} ORDER BY ordering";
        using var rows = command.ExecuteReader();
        var count = 0;
        while (rows.Read())
        {
            var ordering = rows.GetInt64(0);
            See(ordering);
            if (rows.IsDBNull(3))
            {
                continue;
            }

            count++;
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

    /// <summary>Orderings come in ascending order: one past the highest opens a gap, one inside a gap splits it.</summary>
    private void See(long ordering)
    {
        if (ordering > _highest)
        {
            if (ordering > _highest + 1 && _highest > 0)
            {
                _gaps.Add(new Gap(_highest + 1, ordering - 1, _clock.Elapsed));
                if (_gaps.Count > MaxOpenGaps)
                {
                    _gaps.RemoveAt(0); // bounded query: the oldest gap is given up first
                }
            }

            _highest = ordering;
            return;
        }

        var i = _gaps.FindIndex(g => g.From <= ordering && ordering <= g.To);
        if (i < 0)
        {
            return;
        }

        var gap = _gaps[i];
        _gaps.RemoveAt(i);
        if (ordering < gap.To)
        {
            _gaps.Insert(i, gap with { From = ordering + 1 });
        }

        if (ordering > gap.From)
        {
            _gaps.Insert(i, gap with { To = ordering - 1 });
        }
    }

    private static void Parameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
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

    private sealed record Gap(long From, long To, TimeSpan Since);
}
