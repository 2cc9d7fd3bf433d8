using Akka.Hosting;
using Akka.Persistence.Sql.Config;
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

    public static AkkaConfigurationBuilder AddSqlitePersistence(this AkkaConfigurationBuilder builder, string databasePath, JournalTuning? tuning = null) =>
        builder.WithSqlPersistence(
                connectionString: ConnectionString(databasePath),
                providerName: ProviderName.SQLiteMS,
                autoInitialize: true,
                tagStorageMode: TagMode.Csv)
            .WithJournalTuning(tuning ?? new JournalTuning(), sqlite: true);
}
