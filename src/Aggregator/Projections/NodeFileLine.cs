using System.Globalization;
using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Text;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// The text of a per-node file: <c>&lt;receivedAt&gt; &lt;node&gt; &lt;stream&gt;[.&lt;level&gt;]: &lt;text&gt;</c>, one line per
/// log line. Pure, so the format is tested without files or actors.
/// </summary>
public static class NodeFileLine
{
    private const string PersistenceIdPrefix = "node-";

    private static readonly string[] LevelNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    /// <summary>UTC with microseconds and a fixed width, so files sort and <c>grep</c> by time prefix.</summary>
    public static string Format(string node, LogLine line)
    {
        var sb = new StringBuilder(line.Text.Length + 64);
        sb.Append(line.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(EscapedText.Escape(node))
            .Append(' ')
            .Append(line.Stream == LogStream.Kernel ? "kernel" : "syslog");
        if (line.Level is >= 0 and < 8)
        {
            sb.Append('.').Append(LevelNames[line.Level]);
        }

        // Escaping keeps one log line on one file line, whatever bytes the node sent.
        return sb.Append(": ").Append(EscapedText.Escape(line.Text)).ToString();
    }

    /// <summary>The node of a <c>NodeLog</c> persistence id (<c>node-&lt;name&gt;</c>); null for anything else.</summary>
    public static string? NodeOf(string persistenceId) =>
        persistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal) && persistenceId.Length > PersistenceIdPrefix.Length
            ? persistenceId[PersistenceIdPrefix.Length..]
            : null;

    /// <summary>
    /// A node name as a file name: only <c>[A-Za-z0-9._-]</c> survive, so no name can climb out of the log
    /// directory or hide as a dot file (<c>.offset</c> lives there too).
    /// </summary>
    public static string FileNameOf(string node)
    {
        var chars = node.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                chars[i] = '_';
            }
        }

        var name = new string(chars);
        if (name.Length == 0 || name[0] == '.')
        {
            name = "_" + name;
        }

        return name + ".log";
    }
}
