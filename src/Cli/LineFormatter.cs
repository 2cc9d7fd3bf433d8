using System.Globalization;
using KrgLogs.Shared.Text;

namespace KrgLogs.Cli;

/// <summary>How lines and nodes look on a terminal. Log text is untrusted: control characters come out escaped.</summary>
public static class LineFormatter
{
    public static string Format(Line line) => Format(line, Palette.Current);

    public static string Format(Line line, Palette palette) =>
        string.Create(CultureInfo.InvariantCulture, $"{palette.Dim(Time(line.ReceivedAt))} {Prefix(line, palette)}{palette.Level(line.Level, EscapedText.Escape(line.Text))}");

    /// <summary>A search hit: like <see cref="Format(Line)"/> with the node after the time.</summary>
    public static string Format(SearchHit hit) => Format(hit, Palette.Current);

    public static string Format(SearchHit hit, Palette palette) =>
        string.Create(CultureInfo.InvariantCulture, $"{palette.Dim(Time(hit.ReceivedAt))} {palette.Node(EscapedText.Escape(hit.Node))} {Prefix(hit.Line, palette)}{palette.Level(hit.Level, EscapedText.Escape(hit.Text))}");

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

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Prefix(Line line, Palette palette) =>
        line.Stream == "syslog" && line.App is { } app ? palette.App(EscapedText.Escape(app)) + ": " : string.Empty;
}
