using System.Text;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class NodeStreamTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static List<LogLine> Feed(NodeStream stream, params (string Payload, DatagramTransport Transport)[] datagrams)
    {
        var lines = new List<LogLine>();
        foreach (var (payload, transport) in datagrams)
        {
            stream.Accept(Encoding.UTF8.GetBytes(payload), At, transport, lines);
        }

        stream.Tick(At.AddMinutes(1), lines);
        return lines;
    }

    [Fact]
    public void Each_format_on_one_port_goes_to_its_decoder()
    {
        var lines = Feed(
            new NodeStream(new NodeStreamOptions()),
            ("[    1.000000] plain console line\n", DatagramTransport.Udp),
            ("<5> old patched netconsole\n", DatagramTransport.Udp),
            ("6,42,1000000,-;extended record\n", DatagramTransport.Udp),
            ("<30>Nov 26 12:00:00 node7 sshd[12]: accepted", DatagramTransport.Udp),
            ("<14>1 2026-11-26T12:00:00Z node7 app 1 - - over tcp", DatagramTransport.TcpFrame));

        // Extended records wait briefly for reordering and continuations, so syslog lines may overtake them.
        Assert.Equal(
            ["[    1.000000] plain console line", "old patched netconsole", "extended record"],
            lines.Where(l => l.Stream == LogStream.Kernel).Select(l => l.Text));
        Assert.Equal(["accepted", "over tcp"], lines.Where(l => l.Stream == LogStream.Syslog).Select(l => l.Text));
        Assert.Equal(42, lines.Single(l => l.Text == "extended record").Seq);
        Assert.Equal("sshd", lines.Single(l => l.Text == "accepted").App);
    }

    [Fact]
    public void A_kernel_line_that_comes_by_netconsole_and_by_syslog_is_kept_once()
    {
        var lines = Feed(
            new NodeStream(new NodeStreamOptions()),
            ("[   12.345678] BUG: unable to handle page fault\n", DatagramTransport.Udp),
            ("<1>Nov 26 12:00:00 node7 kernel: [   12.345678] BUG: unable to handle page fault", DatagramTransport.Udp),
            ("<1>Nov 26 12:00:00 node7 kernel: [   12.400000] only by syslog", DatagramTransport.Udp),
            ("[   12.345678] BUG: unable to handle page fault\n", DatagramTransport.Udp));

        Assert.Equal(
            ["[   12.345678] BUG: unable to handle page fault", "[   12.400000] only by syslog", "[   12.345678] BUG: unable to handle page fault"],
            lines.Select(l => l.Text));
    }

    [Fact]
    public void An_extended_record_and_its_syslog_twin_are_one_line()
    {
        var lines = Feed(
            new NodeStream(new NodeStreamOptions()),
            ("4,900,12345678,-;Oops: 0000 [#1] SMP\n", DatagramTransport.Udp),
            ("<4>Nov 26 12:00:00 node7 kernel: [   12.345678] Oops: 0000 [#1] SMP", DatagramTransport.TcpFrame));

        Assert.EndsWith("Oops: 0000 [#1] SMP", Assert.Single(lines).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_tcp_frame_is_flagged()
    {
        var line = Assert.Single(Feed(new NodeStream(new NodeStreamOptions()), ("<13>Nov 26 12:00:00 h app: cut shor", DatagramTransport.TcpFrameTruncated)));
        Assert.True(line.Flags.HasFlag(LineFlags.Truncated));
    }

    [Fact]
    public void A_stream_resumed_from_its_state_finishes_the_line_it_held()
    {
        var first = new NodeStream(new NodeStreamOptions());
        var lines = new List<LogLine>();
        first.Accept("[    2.000000] half of a "u8, At, DatagramTransport.Udp, lines);
        Assert.True(first.HasPending);

        var resumed = new NodeStream(new NodeStreamOptions(), first.State);
        resumed.Accept("line\n"u8, At, DatagramTransport.Udp, lines);

        Assert.Equal("[    2.000000] half of a line", Assert.Single(lines).Text);
    }
}
