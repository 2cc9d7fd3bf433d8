using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>The embedded default: journal, snapshots and tags in one SQLite file, in WAL mode.</summary>
public static class SqlitePersistence
{
    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, DefaultTimeout = 30 }.ToString();

    /// <summary>WAL lets readers (queries) run beside the writer and is several times faster for our
    /// batched appends; it is a property of the file, so setting it once at start-up is enough.</summary>
    public static void Prepare(string databasePath)
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
    }

    /// <summary>Run on every journal connection. synchronous=NORMAL: in WAL mode a commit no longer waits for an
    /// fsync of the log, which the default (FULL) does for every event; the file stays consistent after a crash,
    /// and only the last commits before a power cut can be lost (the receiver's own buffer dies with it anyway).
    /// The setting belongs to the connection, not the file, hence on each open.</summary>
    public const string ConnectionPragmas = "PRAGMA synchronous=NORMAL;";

    public static DataOptions DataOptions(string databasePath) =>
        new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, ConnectionString(databasePath))
            .UseAfterConnectionOpened(
                connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = ConnectionPragmas;
                    command.ExecuteNonQuery();
                },
                async (connection, cancel) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = ConnectionPragmas;
                    await command.ExecuteNonQueryAsync(cancel);
                });

    /// <remarks>The provider name is given beside the data options: the plugin creates its indexes (journal by
    /// persistence id and sequence number, tags by tag) only for a provider it knows by name.</remarks>
    public static AkkaConfigurationBuilder AddSqlitePersistence(this AkkaConfigurationBuilder builder, string databasePath, JournalTuning? tuning = null)
    {
        var data = DataOptions(databasePath);
        var connectionString = ConnectionString(databasePath);
        return builder.WithSqlPersistence(
                new SqlJournalOptions(isDefaultPlugin: true)
                {
                    ConnectionString = connectionString,
                    ProviderName = ProviderName.SQLiteMS,
                    DataOptions = data,
                    AutoInitialize = true,
                },
                new SqlSnapshotOptions(isDefaultPlugin: true)
                {
                    ConnectionString = connectionString,
                    ProviderName = ProviderName.SQLiteMS,
                    DataOptions = data,
                    AutoInitialize = true,
                })
            .WithJournalTuning(tuning ?? new JournalTuning(), sqlite: true);
    }
}
