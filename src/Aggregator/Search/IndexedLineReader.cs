using System.Data.Common;
using System.Globalization;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>Rows of the index's select (both back ends return the same columns in the same order) as lines.</summary>
internal static class IndexedLineReader
{
    public static async Task<IReadOnlyList<IndexedLine>> ReadAllAsync(DbDataReader reader, int take, CancellationToken cancel)
    {
        var lines = new List<IndexedLine>(Math.Min(take, 1024));
        while (await reader.ReadAsync(cancel))
        {
            lines.Add(new IndexedLine(
                reader.GetInt64(0),
                reader.GetString(1),
                new LogLine(
                    reader.GetString(14),
                    new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                    // smallint in PostgreSQL, integer in SQLite
                    (LogStream)Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt64(6),
                    reader.GetInt64(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetInt32(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12),
                    (LineFlags)reader.GetInt32(13))));
        }

        return lines;
    }
}
