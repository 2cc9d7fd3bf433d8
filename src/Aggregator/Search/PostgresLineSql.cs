using System.Globalization;
using System.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>The PostgreSQL index's schema and read query. Pure, so tested as text.</summary>
public static class PostgresLineSql
{
    /// <summary>
    /// Run inside one transaction holding an advisory lock: several aggregators starting at once would otherwise race
    /// on <c>CREATE … IF NOT EXISTS</c> (which is not atomic against a concurrent creation in PostgreSQL).
    /// pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database's owner may create it. Lines are kept in blocks
    /// (<see cref="LineBlocks"/>), their distinct tokens in <c>text</c> for the trigram index (<see cref="TrigramDocument"/>;
    /// blocks written before 2026-11-29 hold their whole text there, which the same queries read correctly). An index
    /// of the earlier schema (a row per line, <c>krglogs_lines</c>) is dropped and its offset reset: the indexer rebuilds
    /// it from the journal, as the SQLite index does on a schema change. Blocks are compressed with lz4
    /// (<see cref="Hosting.PostgresCompression"/>).
    /// </summary>
    public static readonly string Schema = """
        SELECT pg_advisory_xact_lock(7261736561726368);
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE IF NOT EXISTS krglogs_projection(name text PRIMARY KEY, position bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS krglogs_trims(node text PRIMARY KEY, up_to bigint NOT NULL);
        INSERT INTO krglogs_projection(name, position) VALUES ('lines', 0) ON CONFLICT (name) DO NOTHING;
        DO $$
        BEGIN
            IF to_regclass('krglogs_lines') IS NOT NULL THEN
                DROP TABLE krglogs_lines;
                UPDATE krglogs_projection SET position = 0 WHERE name = 'lines';
            END IF;
        END
        $$;
        CREATE TABLE IF NOT EXISTS krglogs_blocks(
            id bigint PRIMARY KEY,
            node text NOT NULL,
            count integer NOT NULL,
            event_seq bigint NOT NULL,
            lines bytea NOT NULL,
            text text NOT NULL);
        CREATE INDEX IF NOT EXISTS krglogs_blocks_node ON krglogs_blocks(node, id);
        CREATE INDEX IF NOT EXISTS krglogs_blocks_text ON krglogs_blocks USING gin (text gin_trgm_ops);
        """ + "\n" + Hosting.PostgresCompression.Sql("krglogs_blocks", "lines", "text");

    /// <summary>
    /// Up to <paramref name="blocks"/> blocks that may hold lines of the filter, in key order, from the block keyed
    /// past <paramref name="after"/> on (null: from the filter's own bound, <see cref="LineFilter.BlockKeyAbove"/>). The reader checks their lines one by one.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Select(LineFilter filter, int blocks, long? after = null)
    {
        var above = filter.BlockKeyAbove;
        var below = filter.KeyBelow;
        if (after is { } last)
        {
            (above, below) = filter.Descending ? (above, last) : (last, below);
        }

        var sql = new StringBuilder("SELECT id, node, lines FROM krglogs_blocks WHERE id > @above AND id < @below");
        var parameters = new List<KeyValuePair<string, object>> { new("above", above), new("below", below) };
        var parts = filter.Contains.SelectMany(TrigramDocument.Parts).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            // ILIKE folds case like the trigram index does, and pg_trgm's GIN index answers it.
            sql.Append(CultureInfo.InvariantCulture, $" AND text ILIKE @c{i}");
            parameters.Add(new($"c{i}", "%" + EscapeLike(parts[i]) + "%"));
        }

        if (filter.Node is { } node)
        {
            sql.Append(" AND node = @node");
            parameters.Add(new("node", node));
        }

        sql.Append(" ORDER BY id").Append(filter.Descending ? " DESC" : " ASC")
            .Append(" LIMIT ").Append(blocks.ToString(CultureInfo.InvariantCulture));
        return (sql.ToString(), parameters);
    }

    /// <summary>LIKE's wildcards and its escape character (backslash, PostgreSQL's default) taken literally.</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
