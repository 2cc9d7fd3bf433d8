using System.Globalization;
using KrgLogs.Shared.Text;

namespace KrgLogs.Cli;

/// <summary>How lines and nodes look on a terminal. Log text is untrusted: control characters come out escaped.</summary>
public static class LineFormatter
{
    public static string Format(Line line) =>
        string.Create(CultureInfo.InvariantCulture, $"{line.ReceivedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {Prefix(line)}{EscapedText.Escape(line.Text)}");

    /// <summary>A search hit: like <see cref="Format(Line)"/> with the node after the time.</summary>
    public static string Format(SearchHit hit) =>
        string.Create(CultureInfo.InvariantCulture, $"{hit.ReceivedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {EscapedText.Escape(hit.Node)} {Prefix(hit.Line)}{EscapedText.Escape(hit.Text)}");

    public static IEnumerable<string> NodeTable(IReadOnlyList<NodeSummary> nodes)
    {
        var width = Math.Max(4, nodes.Count == 0 ? 0 : nodes.Max(n => EscapedText.Escape(n.Node).Length));
        yield return string.Create(CultureInfo.InvariantCulture, $"{"NODE".PadRight(width)}  {"LAST SEEN",-24}  {"LINES",10}");
        foreach (var node in nodes)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"{EscapedText.Escape(node.Node).PadRight(width)}  {node.LastSeen.UtcDateTime,-24:yyyy-MM-ddTHH:mm:ss.fffZ}  {node.Lines,10}");
        }
    }

    private static string Prefix(Line line) =>
        line.Stream == "syslog" && line.App is { } app ? EscapedText.Escape(app) + ": " : string.Empty;
}
