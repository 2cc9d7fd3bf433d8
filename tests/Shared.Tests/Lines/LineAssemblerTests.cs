using System.Text;
using CsCheck;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Lines;

public sealed class LineAssemblerTests
{
    private static readonly byte[] Sample = Encoding.UTF8.GetBytes(
        "[    0.000000] Linux version 6.1.0\n[    1.5] second line\r\n\nünïcödé ✓ split\nno newline at the end");

    private static List<(string Text, LineFlags Flags)> Assemble(IEnumerable<byte[]> chunks, bool flush = true)
    {
        var lines = new List<(string, LineFlags)>();
        var assembler = new LineAssembler();
        foreach (var chunk in chunks)
        {
            assembler.Append(chunk, lines, static (list, text, flags) => list.Add((text, flags)));
        }

        if (flush)
        {
            assembler.Flush(lines, static (list, text, flags) => list.Add((text, flags)));
        }

        return lines;
    }

    [Fact]
    public void Whole_stream_gives_its_lines_and_the_unfinished_tail_only_on_flush()
    {
        var lines = Assemble([Sample]);

        Assert.Equal(
            ["[    0.000000] Linux version 6.1.0", "[    1.5] second line", "", "ünïcödé ✓ split", "no newline at the end"],
            lines.Select(l => l.Text));
        Assert.Equal(LineFlags.PartialFlushed, lines[^1].Flags);
        Assert.All(lines.SkipLast(1), l => Assert.Equal(LineFlags.None, l.Flags));
        Assert.Equal(4, Assemble([Sample], flush: false).Count);
    }

    [Fact]
    public void Splitting_at_every_byte_boundary_gives_the_same_lines()
    {
        var expected = Assemble([Sample]);
        for (var cut = 0; cut <= Sample.Length; cut++)
        {
            Assert.Equal(expected, Assemble([Sample[..cut], Sample[cut..]]));
        }
    }

    [Fact]
    public void Any_rechunking_gives_the_same_lines()
    {
        var expected = Assemble([Sample]);
        Gen.Int[1, 40].Array[0, 30].Sample(sizes =>
        {
            var chunks = new List<byte[]>();
            var at = 0;
            foreach (var size in sizes)
            {
                var take = Math.Min(size, Sample.Length - at);
                chunks.Add(Sample.AsSpan(at, take).ToArray());
                at += take;
            }

            chunks.Add(Sample[at..]);
            Assert.Equal(expected, Assemble(chunks));
        });
    }

    [Fact]
    public void Resuming_from_the_pending_tail_continues_the_line()
    {
        var first = new LineAssembler();
        var lines = new List<string>();
        first.Append("abc\nhalf a "u8, lines, static (l, t, _) => l.Add(t));

        var resumed = new LineAssembler(first.Pending);
        resumed.Append("line\n"u8, lines, static (l, t, _) => l.Add(t));

        Assert.Equal(["abc", "half a line"], lines);
        Assert.False(resumed.HasPending);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_cut_and_marked_truncated()
    {
        var assembler = new LineAssembler(maxLineBytes: 8);
        var lines = new List<(string, LineFlags)>();
        assembler.Append("0123456789abcdef0123\nok\n"u8, lines, static (l, t, f) => l.Add((t, f)));

        Assert.Equal(
            [("01234567", LineFlags.Truncated), ("89abcdef", LineFlags.Truncated), ("0123", LineFlags.None), ("ok", LineFlags.None)],
            lines);
    }
}
