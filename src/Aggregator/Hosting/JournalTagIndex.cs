using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// The index the tag reads need and the plugin does not create. It indexes tags by tag alone, so every poll of a
/// projection (<c>EventsByTag("lines")</c> after an offset) read every row of the tag and sorted them: a cost that
/// grew with the journal, paid by each projection on each poll. With <c>(tag, ordering_id)</c> a poll reads only
/// the rows after its offset.
/// </summary>
public static class JournalTagIndex
{
    public const string Name = "tags_tag_ordering_idx";

    public const string Sql = $"CREATE INDEX IF NOT EXISTS {Name} ON tags (tag, ordering_id)";

    /// <summary>Creates the index when missing (on an old journal that takes a moment, once).</summary>
    public static async Task EnsureAsync(AggregatorOptions options, ILogger logger, CancellationToken cancel)
    {
        await using DbConnection connection = options.Postgres is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection(SqlitePersistence.ConnectionString(options.DatabasePath));
        await connection.OpenAsync(cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.CommandTimeout = 600;
        try
        {
            await command.ExecuteNonQueryAsync(cancel);
        }
        catch (DbException e) when (options.Postgres is not null)
        {
            // Aggregators starting together race to create it; one wins, and reads work either way.
            logger.LogInformation("Journal tag index not created here ({Reason}); another aggregator may have", e.Message);
        }
    }
}
