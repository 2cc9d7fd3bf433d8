using System.Globalization;
using System.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>The PostgreSQL index's schema and read query. Pure, so tested as text.</summary>
public static class PostgresLineSql
{
    /// <summary>
    /// Run inside one transaction holding an advisory lock: several aggregators starting at once would otherwise race
    /// on <c>CREATE … IF NOT EXISTS</c> (which is not atomic against a concurrent creation in PostgreSQL).
    /// pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database's owner may create it. Tables from before
    /// <c>event_seq</c> (which retention trims by) are emptied and the offset reset: the indexer rebuilds them from the
    /// journal, as the SQLite index does on a schema change.
    /// </summary>
    public const string Schema = """
        SELECT pg_advisory_xact_lock(7261736561726368);
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE IF NOT EXISTS krglogs_lines(
            id bigint PRIMARY KEY,
            node text NOT NULL,
            received bigint NOT NULL,
            stream smallint NOT NULL,
            level integer NOT NULL,
            facility integer NOT NULL,
            kernel_us bigint NOT NULL,
            seq bigint NOT NULL,
            caller text,
            boot integer NOT NULL,
            host text,
            app text,
            proc_id text,
            flags integer NOT NULL,
            text text NOT NULL);
        CREATE INDEX IF NOT EXISTS krglogs_lines_node ON krglogs_lines(node, id);
        CREATE INDEX IF NOT EXISTS krglogs_lines_text ON krglogs_lines USING gin (text gin_trgm_ops);
        CREATE TABLE IF NOT EXISTS krglogs_projection(name text PRIMARY KEY, position bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS krglogs_trims(node text PRIMARY KEY, up_to bigint NOT NULL);
        INSERT INTO krglogs_projection(name, position) VALUES ('lines', 0) ON CONFLICT (name) DO NOTHING;
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'krglogs_lines' AND column_name = 'event_seq') THEN
                TRUNCATE krglogs_lines;
                UPDATE krglogs_projection SET position = 0 WHERE name = 'lines';
                ALTER TABLE krglogs_lines ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;
            END IF;
        END
        $$;
        """;

    public const string Columns = "id, node, received, stream, level, facility, kernel_us, seq, caller, boot, host, app, proc_id, flags, text";

    /// <summary><see cref="Columns"/> and the event's sequence number in its node's journal (for retention): what a write inserts.</summary>
    public const string InsertColumns = Columns + ", event_seq";

    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Select(LineFilter filter)
    {
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM krglogs_lines WHERE id > @above AND id < @below");
        var parameters = new List<KeyValuePair<string, object>> { new("above", filter.KeyAbove), new("below", filter.KeyBelow) };
        for (var i = 0; i < filter.Contains.Count; i++)
        {
            // ILIKE folds case like the trigram index does, and pg_trgm's GIN index answers it.
            sql.Append(CultureInfo.InvariantCulture, $" AND text ILIKE @c{i}");
            parameters.Add(new($"c{i}", "%" + EscapeLike(filter.Contains[i]) + "%"));
        }

        if (filter.Node is { } node)
        {
            sql.Append(" AND node = @node");
            parameters.Add(new("node", node));
        }

        if (filter.Stream is { } stream)
        {
            sql.Append(" AND stream = @stream");
            parameters.Add(new("stream", (short)stream));
        }

        if (filter.FromTicks is { } from)
        {
            sql.Append(" AND received >= @from");
            parameters.Add(new("from", from));
        }

        if (filter.ToTicks is { } to)
        {
            sql.Append(" AND received < @to");
            parameters.Add(new("to", to));
        }

        sql.Append(" ORDER BY id").Append(filter.Descending ? " DESC" : " ASC")
            .Append(" LIMIT ").Append(filter.Take.ToString(CultureInfo.InvariantCulture));
        return (sql.ToString(), parameters);
    }

    /// <summary>LIKE's wildcards and its escape character (backslash, PostgreSQL's default) taken literally.</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
