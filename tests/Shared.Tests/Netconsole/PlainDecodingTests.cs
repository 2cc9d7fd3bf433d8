using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class PlainDecodingTests
{
    [Fact]
    public void Lines_span_datagrams_and_share_them()
    {
        var lines = Wire.Run([Wire.Bytes("[    1.000001] one\n[    1.000002] tw"), Wire.Bytes("o\n[   12.345678] three\n")]);
        Assert.Equal(["[    1.000001] one", "[    1.000002] two", "[   12.345678] three"], lines.Texts());
        Assert.Equal([1_000_001L, 1_000_002L, 12_345_678L], lines.Select(l => l.KernelTimeUs));
        Assert.All(lines, l =>
        {
            Assert.Equal(LogStream.Kernel, l.Stream);
            Assert.Equal(-1, l.Level);
            Assert.Equal(-1, l.Seq);
            Assert.Equal(LineFlags.None, l.Flags);
        });
    }

    [Fact]
    public void Caller_and_syslog_format_prefixes_become_fields()
    {
        var lines = Wire.Run([Wire.Bytes("<6>[    0.100000][    T1] hello\n<12>[123456.000001][  C12] world\r\nno prefix\n")]);
        Assert.Equal(["[    0.100000][    T1] hello", "[123456.000001][  C12] world", "no prefix"], lines.Texts());
        Assert.Equal("T1", lines[0].Caller);
        Assert.Equal(6, lines[0].Level);
        Assert.Equal(0, lines[0].Facility);
        Assert.Equal("C12", lines[1].Caller);
        Assert.Equal(4, lines[1].Level);
        Assert.Equal(1, lines[1].Facility);
        Assert.Equal(123_456_000_001L, lines[1].KernelTimeUs);
        Assert.Equal(-1, lines[2].KernelTimeUs);
        Assert.Null(lines[2].Caller);
    }

    [Fact]
    public void A_received_at_is_that_of_the_datagram_completing_the_line()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        decoder.Accept("par"u8, Wire.T0, lines);
        decoder.Accept("tial\n"u8, Wire.T0.AddSeconds(0.5), lines);
        Assert.Equal("partial", Assert.Single(lines).Text);
        Assert.Equal(Wire.T0.AddSeconds(0.5), lines[0].ReceivedAt);
    }

    [Fact]
    public void An_idle_partial_line_is_flushed_only_after_the_timeout()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { PartialLineTimeout = TimeSpan.FromSeconds(1) });
        var lines = new List<LogLine>();
        decoder.Accept("Checking things... "u8, Wire.T0, lines);
        decoder.Tick(Wire.T0.AddSeconds(1), lines);
        Assert.Empty(lines);
        decoder.Tick(Wire.T0.AddSeconds(1).AddTicks(1), lines);
        var line = Assert.Single(lines);
        Assert.Equal("Checking things... ", line.Text);
        Assert.Equal(LineFlags.PartialFlushed, line.Flags);
        Assert.Equal(Wire.T0, line.ReceivedAt);
        Assert.Equal(1, decoder.Counters.PartialLinesFlushed);

        decoder.Accept("done\n"u8, Wire.T0.AddSeconds(2), lines);
        Assert.Equal("done", lines[1].Text);
    }

    [Fact]
    public void A_character_cut_between_datagrams_comes_out_whole()
    {
        var bytes = Wire.Bytes("[    1.000000] température 20€\n");
        var cut = Array.IndexOf(bytes, (byte)0xE2) + 1;
        var lines = Wire.Run([bytes[..cut], bytes[cut..]]);
        Assert.Equal("[    1.000000] température 20€", Assert.Single(lines).Text);
    }

    [Fact]
    public void Overlong_lines_are_cut_and_flagged()
    {
        var lines = Wire.Run([Wire.Bytes(new string('x', 1000)), Wire.Bytes(new string('x', 1000) + "\n")], NetconsoleOptions.Default with { MaxLineBytes = 1500 });
        Assert.Equal(LineFlags.Truncated, lines[0].Flags);
        Assert.Equal(1500, lines[0].Text.Length);
        Assert.Equal(500, lines[1].Text.Length);
    }

    [Fact]
    public void The_old_patch_strips_its_prefix_and_sets_level_5()
    {
        var lines = Wire.Run([Wire.Bytes("<5> [   12.345678] hello\n"), Wire.Bytes("<5> no time\n"), Wire.Bytes("<5> " + new string('y', 996))]);
        Assert.Equal(["[   12.345678] hello", "no time", new string('y', 996)], lines.Texts());
        Assert.All(lines, l => Assert.Equal(5, l.Level));
        Assert.All(lines, l => Assert.Equal(0, l.Facility));
        Assert.Equal(12_345_678, lines[0].KernelTimeUs);
        Assert.Equal(LineFlags.Truncated, lines[2].Flags);
    }

    [Fact]
    public void A_boot_banner_after_other_lines_is_a_reboot()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [
            Wire.Bytes("[    0.000000] Linux version 6.1.0 (x)\n[    5.000000] before crash\n[    6.0000"),
            Wire.Bytes("00] cut by reboot"),
            Wire.Bytes("[    0.000000] Linux version 6.1.0 (x)\n[    0.100000] after\n"),
        ]);
        Assert.Equal(["[    0.000000] Linux version 6.1.0 (x)", "[    5.000000] before crash", "[    6.000000] cut by reboot[    0.000000] Linux version 6.1.0 (x)", "[    0.100000] after"], lines.Texts());
        Assert.Equal(0, decoder.Counters.Reboots);

        // The banner at a line start: a reboot, and the lines before keep the old epoch.
        decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        lines = Wire.Run(decoder, [
            Wire.Bytes("[    0.000000] Linux version 6.1.0 (x)\n[    5.000000] before crash\n"),
            Wire.Bytes("[    0.000000] Linux version 6.1.0 (x)\n[    0.100000] after\n"),
        ]);
        Assert.Equal([0, 0, 1, 1], lines.Select(l => l.Boot));
        Assert.Equal(1, decoder.Boot);
        Assert.Equal(1, decoder.Counters.Reboots);
    }
}
