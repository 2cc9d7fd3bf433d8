using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// Tags live in the journal's own <c>tags</c> column (the plugin's Csv mode: <c>;lines;</c>). In its tag-table mode
/// every read (a projection's poll, an entity's recovery) fetched each row's tags with a subquery that linq2db 6.5
/// emits as <c>SELECT STRING_AGG(tag, ';') FILTER (WHERE ordering_id = …) FROM tags</c>: the whole tag table read
/// for each row returned, a cost growing with the journal (on the cluster at 20,000 lines/s, ~4 M tag rows read a
/// second). Over the column a poll reads only the rows after its offset, by the journal's ordering key, and a write
/// no longer needs each row's ordering back. Journals written before keep their tags in the tag table: this copies
/// them into the column, once, and empties the table.
/// </summary>
public static class JournalTagMigration
{
    /// <summary>Copies tag-table tags into rows that have none, then empties the table; returns the rows given tags.</summary>
    public static async Task<int> RunAsync(AggregatorOptions options, ILogger logger, CancellationToken cancel)
    {
        var postgres = options.Postgres is not null;
        await using DbConnection connection = options.Postgres is { } connectionString
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(SqlitePersistence.ConnectionString(options.DatabasePath));
        await connection.OpenAsync(cancel);
        if (!await HasTagTableAsync(connection, postgres, cancel))
        {
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancel);
        await using var copy = connection.CreateCommand();
        copy.Transaction = transaction;
        copy.CommandTimeout = 600;
        copy.CommandText = $"""
            UPDATE journal SET tags = ';' || (SELECT {(postgres ? "string_agg" : "group_concat")}(t.tag, ';') FROM tags t WHERE t.ordering_id = journal.ordering) || ';'
            WHERE (tags IS NULL OR tags = '') AND ordering IN (SELECT ordering_id FROM tags)
            """;
        var copied = await copy.ExecuteNonQueryAsync(cancel);
        await using var empty = connection.CreateCommand();
        empty.Transaction = transaction;
        empty.CommandText = "DELETE FROM tags";
        await empty.ExecuteNonQueryAsync(cancel);
        await transaction.CommitAsync(cancel);
        if (copied > 0)
        {
            logger.LogInformation("Journal: moved the tags of {Rows} events from the tag table into the journal's tags column", copied);
        }

        return copied;
    }

    private static async Task<bool> HasTagTableAsync(DbConnection connection, bool postgres, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "SELECT to_regclass('tags') IS NOT NULL"
            : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'tags'";
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancel), System.Globalization.CultureInfo.InvariantCulture);
    }
}
