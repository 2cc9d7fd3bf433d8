using System.Text;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Turns an entity's input counter name (<c>netconsole.malformed.nulByte</c>, <c>syslog.messages</c>) into a metric
/// family and labels. Done by rule, not by a list, so a counter the entity adds later shows up without a change here.
/// </summary>
public static class NodeCounterNames
{
    public const string Prefix = "krglogs_node_";

    /// <summary>
    /// <c>x.malformed.reason</c> → <c>krglogs_node_x_malformed_total{reason="reason"}</c> (one family per source, so
    /// <c>sum by (node)</c> gives all malformed input); anything else → <c>krglogs_node_snake_case_total</c>.
    /// </summary>
    public static (string Family, string? Reason) ToMetric(string counter)
    {
        var parts = counter.Split('.');
        if (parts.Length == 3 && parts[1] == "malformed")
        {
            return (Prefix + Snake(parts[0]) + "_malformed_total", parts[2]);
        }

        return (Prefix + string.Join('_', parts.Select(Snake)) + "_total", null);
    }

    /// <summary><c>duplicatesDropped</c> → <c>duplicates_dropped</c>.</summary>
    public static string Snake(string camel)
    {
        var text = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                if (text.Length > 0)
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
