using System.Text;
using System.Text.RegularExpressions;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.LoadGen;

/// <summary>
/// Real console text for the lines' bodies (<c>--text FILE</c>): what follows <c>lg RUN NODE SEQ</c> is a line of a
/// real kernel log instead of the repeating alphabet. Costs that depend on the text (the trigram index above all:
/// the alphabet filler repeats its trigrams ~7× more than real logs do) are then measured on text like the real one.
/// Timestamps are cut (the generator adds its own) and lines on which krglogs's own crash detector opens a report
/// are left out: crashes are sent on purpose, counted, with <c>--crashes</c>.
/// </summary>
public sealed partial class BodyText
{
    private readonly byte[][] _lines;

    public BodyText(string path)
    {
        _lines = [.. File.ReadLines(path)
            .Select(line => Timestamp().Replace(line, string.Empty).TrimEnd())
            .Where(line => line.Length > 0 && !CrashDetector.DetectAll(new StringReader(line)).Any())
            .Select(Encoding.UTF8.GetBytes)];
        if (_lines.Length == 0)
        {
            throw new ArgumentException($"--text {path} holds no usable line");
        }
    }

    public int Count => _lines.Length;

    /// <summary>Line <paramref name="n"/> (cycling), cut to <paramref name="room"/> bytes at a character boundary.</summary>
    public int Write(long n, Span<byte> span, int room)
    {
        var line = _lines[(int)(n % _lines.Length)];
        var length = Math.Min(line.Length, Math.Max(0, room));
        while (length > 0 && length < line.Length && (line[length] & 0xC0) == 0x80)
        {
            length--; // never half a UTF-8 character
        }

        line.AsSpan(0, length).CopyTo(span);
        return length;
    }

    [GeneratedRegex(@"^\[\s*\d+\.\d+\]\s?")]
    private static partial Regex Timestamp();
}
