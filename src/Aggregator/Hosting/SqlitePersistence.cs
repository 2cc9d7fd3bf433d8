using System.Data.Common;
using System.Runtime.CompilerServices;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>The embedded default: journal, snapshots and tags in one SQLite file, in WAL mode.</summary>
public static class SqlitePersistence
{
    // The journal opens a connection again for every write and query, from a pool whose SQLite handles keep their
    // pragmas: set once per handle, not once per open.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> SynchronousSet = [];

    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 30 }.ToString();

    /// <summary>WAL lets readers (queries) run beside the writer and is several times faster for our
    /// batched appends; it is a property of the file, so setting it once at start-up is enough. The journal's table is
    /// created here too (<see cref="SqliteJournalSchema"/>), before the actor system starts: the plugin does not create it.
    /// Returns how many of the plugin's unread indexes it dropped (from a journal the plugin created).</summary>
    public static int Prepare(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        using var connection = new SqliteConnection(ConnectionString(databasePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode for {databasePath} (got '{mode}')");
        }

        return SqliteJournalSchema.Ensure(connection);
    }

    /// <summary>
    /// How the journal's connections are opened. With a <see cref="JournalTuning.SyncInterval"/>, each one commits
    /// with <c>synchronous=NORMAL</c>: a commit reaches the WAL (safe when krglogs dies) without an fsync of its own,
    /// and <see cref="JournalSync"/> fsyncs the WAL for all of them. <c>synchronous</c> is a setting of the connection,
    /// not of the file, and a connection string cannot carry it, hence the hook.
    /// </summary>
    public static DataOptions DataOptions(string databasePath, JournalTuning tuning)
    {
        var options = new DataOptions().UseConnectionString(ProviderName.SQLiteMS, ConnectionString(databasePath));
        return tuning.SyncInterval <= TimeSpan.Zero ? options : options.UseAfterConnectionOpened(CommitWithoutSync, CommitWithoutSyncAsync);
    }

    public static AkkaConfigurationBuilder AddSqlitePersistence(this AkkaConfigurationBuilder builder, string databasePath, JournalTuning? tuning = null)
    {
        tuning ??= new JournalTuning();
        var data = DataOptions(databasePath, tuning);
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = ConnectionString(databasePath),
            ProviderName = ProviderName.SQLiteMS,
            AutoInitialize = false, // Prepare creates the table, without the indexes the plugin would add at every start
            TagStorageMode = TagMode.Csv,
            DataOptions = data,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = ConnectionString(databasePath),
            ProviderName = ProviderName.SQLiteMS,
            AutoInitialize = true,
            DataOptions = data,
        };
        return builder.WithSqlPersistence(journal, snapshots).WithJournalTuning(tuning, sqlite: true);
    }

    /// <summary>A connection for <see cref="JournalWriter"/>. Not pooled: a writer holds it for its lifetime, and its
    /// pragma (<see cref="OpenedForWrites"/>) must not follow the handle back into the pool.</summary>
    public static SqliteConnection ForWrites(string connectionString) =>
        new(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());

    /// <summary>Sets up a <see cref="ForWrites"/> connection just opened to commit as the plugin's do (<see cref="DataOptions"/>).</summary>
    public static Action<DbConnection>? OpenedForWrites(bool commitWithoutSync) => commitWithoutSync ? CommitWithoutSync : null;

    private static void CommitWithoutSync(DbConnection connection)
    {
        if (AlreadySet(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL";
        command.ExecuteNonQuery();
        Remember(connection);
    }

    private static async Task CommitWithoutSyncAsync(DbConnection connection, CancellationToken cancel)
    {
        if (AlreadySet(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL";
        await command.ExecuteNonQueryAsync(cancel);
        Remember(connection);
    }

    private static bool AlreadySet(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && SynchronousSet.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SynchronousSet.TryAdd(handle, SynchronousSet);
        }
    }
}
