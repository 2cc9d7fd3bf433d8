using System.Text;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The SQLite index keeps lines in blocks, not one row each: up to <see cref="MaxLines"/> consecutive lines of one
/// event, all received within <see cref="MaxSpan"/> of the block's first, one row and one trigram document per block.
/// Per-row and per-document costs (the inserts, the trigram index's doclists and merges) are then paid once per block;
/// a search narrows to blocks and checks their lines one by one. Line <c>i</c> of a block keyed <c>k</c> has key
/// <c>k + i</c>, and <c>k</c> is in the millisecond of the block's first line, so a line's key can be up to
/// <see cref="MaxSpan"/> older than the line.
/// </summary>
public static class LineBlocks
{
    public const int MaxLines = 256;

    public static readonly TimeSpan MaxSpan = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive ranges of <paramref name="lines"/>, each a block.</summary>
    public static IEnumerable<Range> Split(IReadOnlyList<LogLine> lines)
    {
        var start = 0;
        for (var i = 1; i <= lines.Count; i++)
        {
            if (i == lines.Count || i - start == MaxLines || lines[i].ReceivedAt < lines[start].ReceivedAt || lines[i].ReceivedAt - lines[start].ReceivedAt > MaxSpan)
            {
                yield return start..i;
                start = i;
            }
        }
    }

    public static byte[] Encode(IReadOnlyList<LogLine> lines, Range block) =>
        ScratchWriter.Write((lines, block), static (writer, s) =>
        {
            var (offset, count) = s.block.GetOffsetAndLength(s.lines.Count);
            writer.Write7BitEncodedInt(count);
            for (var i = offset; i < offset + count; i++)
            {
                LogLineBinary.Write(writer, s.lines[i]);
            }
        });

    public static LogLine[] Decode(byte[] blob)
    {
        using var reader = new BinaryReader(new MemoryStream(blob, writable: false), Encoding.UTF8);
        var lines = new LogLine[reader.Read7BitEncodedInt()];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = LogLineBinary.Read(reader);
        }

        return lines;
    }

    /// <summary>
    /// Adds the lines of the block keyed <paramref name="first"/> that the filter admits to <paramref name="found"/>, in
    /// the filter's order, until it holds <see cref="LineFilter.Take"/>.
    /// </summary>
    public static void Collect(LineFilter filter, long first, string node, byte[] blob, List<IndexedLine> found)
    {
        var lines = Decode(blob);
        for (var n = 0; n < lines.Length && found.Count < filter.Take; n++)
        {
            var i = filter.Descending ? lines.Length - 1 - n : n;
            if (filter.Admits(first + i, lines[i]))
            {
                found.Add(new IndexedLine(first + i, node, lines[i]));
            }
        }
    }
}
