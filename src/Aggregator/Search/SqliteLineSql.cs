using System.Globalization;
using System.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>The SQLite index's schema and its read query, built from a <see cref="LineFilter"/>. Pure, so tested as text.</summary>
public static class SqliteLineSql
{
    /// <summary>
    /// Bumped when the schema changes: an index of another version is dropped and rebuilt from the journal. 4: the
    /// trigram documents are the blocks' distinct tokens (<see cref="TrigramDocument"/>), no longer their whole text; a
    /// contentless FTS5 table forgets a document only when given the very text it indexed, so older ones cannot stay.
    /// </summary>
    public const int Version = 4;

    /// <summary>
    /// Lines are kept in blocks (<see cref="LineBlocks"/>): <c>id</c> is the key of the block's first line,
    /// <c>count</c> its lines, <c>lines</c> their binary form. The trigram table holds one document per block (its distinct tokens,
    /// <see cref="TrigramDocument"/>) and is contentless (the text is in <c>lines</c>) with <c>detail=none</c> and <c>columnsize=0</c>: it keeps only which
    /// blocks hold each trigram, no positions and no sizes. Without positions FTS5 refuses phrase queries longer than
    /// one trigram, so a substring is asked as all the trigrams of its parts (<see cref="MatchExpression"/>): a superset, which the
    /// reader checks line by line anyway. FTS5 settings (kept in the table, so set again on every open): pending
    /// trigrams are flushed every 1 MiB (<c>hashsize</c>, FTS5's default, set explicitly because earlier versions set
    /// 64 MiB, which wrote real kernel logs at 16.5 against 11.6 µs a line in <c>bench/SearchIndex</c> with
    /// <c>BENCH_TEXT</c>, likely a larger hash missing the CPU caches), and segments merge 8 at a time rather than 4
    /// (<c>automerge</c>): each merge rewrites more at once, so the index is rewritten fewer times as it grows.
    /// <c>event_seq</c> is the event's sequence number in its node's journal, for retention; <c>trims</c> remembers how far retention deleted each
    /// node's events, so that lines of deleted events the indexer reads late are not added back.
    /// </summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS blocks(
            id INTEGER PRIMARY KEY,
            node TEXT NOT NULL,
            count INTEGER NOT NULL,
            event_seq INTEGER NOT NULL,
            lines BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS blocks_node ON blocks(node, id);
        CREATE VIRTUAL TABLE IF NOT EXISTS blocks_text USING fts5(text, content='', detail=none, columnsize=0, tokenize='trigram case_sensitive 0');
        INSERT INTO blocks_text(blocks_text, rank) VALUES('hashsize', 1048576);
        INSERT INTO blocks_text(blocks_text, rank) VALUES('automerge', 8);
        CREATE TABLE IF NOT EXISTS projection(name TEXT PRIMARY KEY, position INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS trims(node TEXT PRIMARY KEY, up_to INTEGER NOT NULL);
        """;

    /// <summary>Every table of this and earlier versions (version 2 kept a row per line in <c>lines</c>).</summary>
    public const string DropAll = "DROP TABLE IF EXISTS lines; DROP TABLE IF EXISTS lines_text; DROP TABLE IF EXISTS blocks; DROP TABLE IF EXISTS blocks_text; DROP TABLE IF EXISTS projection; DROP TABLE IF EXISTS trims;";

    /// <summary>
    /// The blocks that may hold lines of the filter, in key order, for the reader to stream until it has enough lines.
    /// With substrings the trigram table drives the query (CROSS JOIN keeps it the outer loop) in rowid order, so the
    /// reader stops it early however common the substring; without, the key (or the node's (node, id) index) drives it.
    /// Blocks are bounded below by <see cref="LineFilter.BlockKeyAbove"/>.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Select(LineFilter filter)
    {
        var sql = new StringBuilder();
        var parameters = new List<KeyValuePair<string, object>>();
        // A substring of fewer than three code points (two emoji are four UTF-16 chars) has no trigram: a scan.
        var match = MatchExpression(filter.Contains);
        var key = match.Length > 0 ? "f.rowid" : "b.id";
        if (match.Length > 0)
        {
            sql.Append("SELECT b.id, b.node, b.lines FROM blocks_text f CROSS JOIN blocks b ON b.id = f.rowid WHERE blocks_text MATCH $match");
            parameters.Add(new("$match", match));
        }
        else
        {
            sql.Append("SELECT b.id, b.node, b.lines FROM blocks b WHERE 1");
        }

        sql.Append(" AND ").Append(key).Append(" > $above AND ").Append(key).Append(" < $below");
        parameters.Add(new("$above", filter.BlockKeyAbove));
        parameters.Add(new("$below", filter.KeyBelow));
        if (filter.Node is { } node)
        {
            sql.Append(" AND b.node = $node");
            parameters.Add(new("$node", node));
        }

        sql.Append(" ORDER BY ").Append(key).Append(filter.Descending ? " DESC" : " ASC");
        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// Trigrams (three Unicode code points, as the trigram tokenizer counts) that cover each substring end to end
    /// without overlapping (positions 0, 3, 6… and the last three), each quoted, distinct, all required: every line
    /// holding the substring holds them, and fewer terms make FTS5 intersect fewer long posting lists. The
    /// tokenizer folds the case of the query's trigrams as it did the text's.
    /// </summary>
    public static string MatchExpression(IReadOnlyList<string> contains)
    {
        var trigrams = new List<string>();
        // Each part between whitespace lies inside one token of the document; trigrams across a space may not be there.
        foreach (var text in contains.SelectMany(TrigramDocument.Parts))
        {
            var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
            if (runes.Length < 3)
            {
                continue;
            }

            var starts = Enumerable.Range(0, ((runes.Length - 3) / 3) + 1).Select(i => i * 3).Append(runes.Length - 3).Distinct();
            foreach (var i in starts)
            {
                var trigram = "\"" + string.Concat(runes[i], runes[i + 1], runes[i + 2]).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                if (!trigrams.Contains(trigram, StringComparer.OrdinalIgnoreCase))
                {
                    trigrams.Add(trigram);
                }
            }
        }

        return string.Join(" AND ", trigrams);
    }
}
