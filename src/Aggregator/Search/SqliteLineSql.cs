using System.Globalization;
using System.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>The SQLite index's schema and its read query, built from a <see cref="LineFilter"/>. Pure, so tested as text.</summary>
public static class SqliteLineSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS lines(
            id INTEGER PRIMARY KEY,
            node TEXT NOT NULL,
            received INTEGER NOT NULL,
            stream INTEGER NOT NULL,
            level INTEGER NOT NULL,
            facility INTEGER NOT NULL,
            kernel_us INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            caller TEXT,
            boot INTEGER NOT NULL,
            host TEXT,
            app TEXT,
            proc_id TEXT,
            flags INTEGER NOT NULL,
            text TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS lines_node ON lines(node, id);
        CREATE VIRTUAL TABLE IF NOT EXISTS lines_text USING fts5(text, content='', tokenize='trigram case_sensitive 0');
        CREATE TABLE IF NOT EXISTS projection(name TEXT PRIMARY KEY, position INTEGER NOT NULL);
        """;

    public const string Columns = "l.id, l.node, l.received, l.stream, l.level, l.facility, l.kernel_us, l.seq, l.caller, l.boot, l.host, l.app, l.proc_id, l.flags, l.text";

    /// <summary>
    /// With substrings: the trigram table drives the query (CROSS JOIN keeps it the outer loop), streaming rowids
    /// in key order, so the LIMIT stops it early however common the substring. Without: the key (or the node's
    /// (node, id) index) drives it.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Select(LineFilter filter)
    {
        var sql = new StringBuilder();
        var parameters = new List<KeyValuePair<string, object>>();
        var key = filter.Contains.Count > 0 ? "f.rowid" : "l.id";
        if (filter.Contains.Count > 0)
        {
            sql.Append("SELECT ").Append(Columns).Append(" FROM lines_text f CROSS JOIN lines l ON l.id = f.rowid WHERE lines_text MATCH $match");
            parameters.Add(new("$match", MatchExpression(filter.Contains)));
        }
        else
        {
            sql.Append("SELECT ").Append(Columns).Append(" FROM lines l WHERE 1");
        }

        sql.Append(" AND ").Append(key).Append(" > $above AND ").Append(key).Append(" < $below");
        parameters.Add(new("$above", filter.KeyAbove));
        parameters.Add(new("$below", filter.KeyBelow));
        if (filter.Node is { } node)
        {
            sql.Append(" AND l.node = $node");
            parameters.Add(new("$node", node));
        }

        if (filter.Stream is { } stream)
        {
            sql.Append(" AND l.stream = $stream");
            parameters.Add(new("$stream", (int)stream));
        }

        if (filter.FromTicks is { } from)
        {
            sql.Append(" AND l.received >= $from");
            parameters.Add(new("$from", from));
        }

        if (filter.ToTicks is { } to)
        {
            sql.Append(" AND l.received < $to");
            parameters.Add(new("$to", to));
        }

        sql.Append(" ORDER BY ").Append(key).Append(filter.Descending ? " DESC" : " ASC")
            .Append(" LIMIT ").Append(filter.Take.ToString(CultureInfo.InvariantCulture));
        return (sql.ToString(), parameters);
    }

    /// <summary>Each substring as an FTS5 phrase (a trigram phrase matches as a substring), all required.</summary>
    public static string MatchExpression(IReadOnlyList<string> contains) =>
        string.Join(" AND ", contains.Select(s => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
}
