using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class MultiLineMessageTests
{
    private static List<LogLine> Lines(string message)
    {
        var lines = new List<LogLine>();
        var added = new SyslogParser().ParseMessages(Wire.Bytes(message), Wire.Received, lines);
        Assert.Equal(lines.Count, added);
        return lines;
    }

    [Fact]
    public void Embedded_newlines_give_one_line_each_sharing_the_header()
    {
        // logger --rfc3164 -i -t app $'hello\nworld' sends exactly this.
        var lines = Lines("<13>Nov 26 23:58:10 vm app[6470]: hello\nworld\n");

        Assert.Equal(["hello", "world"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(("vm", "app", "6470", 5, 1), (l.Host, l.App, l.ProcId, l.Level, l.Facility)));
        Assert.All(lines, l => Assert.Equal(LineFlags.FromSyslog, l.Flags));
    }

    [Fact]
    public void Crlf_and_empty_interior_lines_are_dropped()
    {
        Assert.Equal(["a", "b"], Lines("<13>Nov 26 12:00:00 h app: a\r\n\r\n\nb\r\n").Select(l => l.Text));
    }

    [Fact]
    public void Single_line_message_gives_one_line()
    {
        Assert.Equal("x", Assert.Single(Lines("<13>Nov 26 12:00:00 h app: x")).Text);
    }

    [Fact]
    public void Empty_message_still_gives_one_line()
    {
        Assert.Equal(string.Empty, Assert.Single(Lines("<13>Nov 26 12:00:00 h app: \n\n")).Text);
    }

    [Fact]
    public void Relayed_kernel_record_lines_each_carry_their_time()
    {
        var lines = Lines("<4>Nov 26 12:00:00 n kernel: [    1.000001] first\n[    1.000002] second\n continuation");

        Assert.Equal([1_000_001L, 1_000_002L, -1L], lines.Select(l => l.KernelTimeUs));
        Assert.All(lines, l => Assert.Equal(LogStream.Kernel, l.Stream));
    }

    [Fact]
    public void Malformed_message_stays_one_escaped_line()
    {
        var line = Assert.Single(Lines("no pri\nat all"));

        Assert.Equal("no pri\\x0aat all", line.Text);
        Assert.True(line.Flags.HasFlag(LineFlags.Malformed));
    }
}
