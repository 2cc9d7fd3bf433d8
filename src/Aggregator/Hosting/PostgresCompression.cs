using Npgsql;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// PostgreSQL compresses every wide value (an event's batch of lines, a search block's text) on its way to disk, by
/// default with pglz: about 15 % of the server's CPU on the cluster at 20,000 lines/s. lz4 (PostgreSQL ≥ 14, in Debian's
/// build) compresses several times faster at a similar ratio. Values already stored stay readable as they are;
/// a server without lz4 keeps pglz.
/// </summary>
public static class PostgresCompression
{
    /// <summary>Sets lz4 on the columns that do not have it yet (so the table is locked only the first time).</summary>
    public static string Sql(string table, params string[] columns)
    {
        var alters = string.Join(", ", columns.Select(c => $"ALTER COLUMN {c} SET COMPRESSION lz4"));
        var names = string.Join(", ", columns.Select(c => $"'{c}'"));
        return $"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname IN ({names}) AND attcompression <> 'l') THEN
                    ALTER TABLE {table} {alters};
                END IF;
            EXCEPTION WHEN feature_not_supported OR undefined_column OR syntax_error THEN
                RAISE NOTICE 'lz4 compression not available here: {table} keeps the default';
            END
            $$;
            """;
    }

    /// <summary>The journal's event payloads (the plugin's table, created before this runs).</summary>
    public static async Task EnsureJournalAsync(AggregatorOptions options, CancellationToken cancel)
    {
        if (options.Postgres is not { } connectionString)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var command = new NpgsqlCommand(Sql("journal", "message"), connection);
        await command.ExecuteNonQueryAsync(cancel);
    }
}
