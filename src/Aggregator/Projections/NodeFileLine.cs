using System.Globalization;
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
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, EscapedText.Escape(node), line);
        return text.ToString();
    }

    /// <summary>
    /// Writes the line's file text (no newline) straight into <paramref name="writer"/>: the projection writes every
    /// line the nodes send, and building a string per line first was a tenth of its CPU and most of its garbage.
    /// </summary>
    /// <param name="escapedNode">The node's name already through <see cref="EscapedText.Escape"/> (callers keep it per node).</param>
    public static void Write(TextWriter writer, string escapedNode, LogLine line)
    {
        Span<char> time = stackalloc char[UtcTimestamp.Length];
        UtcTimestamp.Format(line.ReceivedAt.UtcDateTime, time);
        writer.Write(time);
        writer.Write(' ');
        writer.Write(escapedNode);
        writer.Write(line.Stream == LogStream.Kernel ? " kernel" : " syslog");
        if (line.Level is >= 0 and < 8)
        {
            writer.Write('.');
            writer.Write(LevelNames[line.Level]);
        }

        writer.Write(": ");
        // Escaping keeps one log line on one file line, whatever bytes the node sent.
        writer.Write(EscapedText.Escape(line.Text));
    }

    /// <summary>
    /// The byte offset of the first line of a per-node file received after <paramref name="newestDropped"/>
    /// (the stream's end when there is none), and how many lines come before it. A line whose time does not parse
    /// counts as kept: retention never guesses.
    /// </summary>
    public static long FirstKept(Stream file, DateTime newestDropped, out long before)
    {
        before = 0;
        long offset = 0;
        Span<byte> head = stackalloc byte[UtcTimestamp.Length];
        Span<char> chars = stackalloc char[UtcTimestamp.Length];
        while (true)
        {
            var lineStart = offset;
            var got = 0;
            int b;
            while (got < UtcTimestamp.Length && (b = file.ReadByte()) >= 0)
            {
                head[got++] = (byte)b;
                offset++;
                if (b == '\n')
                {
                    break;
                }
            }

            if (got == 0)
            {
                return lineStart;
            }

            for (var i = 0; i < got; i++)
            {
                chars[i] = (char)head[i];
            }

            if (got < UtcTimestamp.Length
                || !DateTime.TryParseExact(chars, UtcTimestamp.Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                || at > newestDropped)
            {
                return lineStart;
            }

            // Skip the rest of this (old) line.
            while ((b = file.ReadByte()) >= 0)
            {
                offset++;
                if (b == '\n')
                {
                    break;
                }
            }

            before++;
            if (b < 0)
            {
                return offset;
            }
        }
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
