using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class Rfc5424ParsingTests
{
    [Fact]
    public void Logger_rfc5424_output_is_split_into_its_fields()
    {
        // util-linux 2.38: logger -n host --udp --rfc5424 -t app hello
        var m = Wire.Message("<13>1 2026-11-26T23:58:07.254284+00:00 vm app - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello");

        Assert.Equal("hello", m.Line.Text);
        Assert.Equal(("vm", "app"), (m.Line.Host, m.Line.App));
        Assert.Null(m.Line.ProcId);
        Assert.Null(m.MsgId);
        Assert.Equal("[timeQuality tzKnown=\"1\" isSynced=\"0\"]", m.StructuredData);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 23, 58, 7, TimeSpan.Zero).AddTicks(2_542_840), m.Timestamp);
        Assert.Equal((5, 1), (m.Line.Level, m.Line.Facility));
        Assert.Equal(LogStream.Syslog, m.Line.Stream);
        Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
    }

    [Fact]
    public void Logger_with_pid_and_msgid_fills_them()
    {
        var m = Wire.Message("<13>1 2026-11-26T23:58:07.284089+00:00 vm app 6438 ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"] hi");

        Assert.Equal(("6438", "ID47", "hi"), (m.Line.ProcId, m.MsgId, m.Line.Text));
    }

    [Fact]
    public void All_nil_fields_are_null()
    {
        // logger --rfc5424=notq,notime,nohost -t app hi
        var m = Wire.Message("<13>1 - - app - - - hi");

        Assert.Null(m.Timestamp);
        Assert.Null(m.Line.Host);
        Assert.Equal("app", m.Line.App);
        Assert.Null(m.MsgId);
        Assert.Null(m.StructuredData);
        Assert.Equal("hi", m.Line.Text);
    }

    [Fact]
    public void Structured_data_with_escapes_is_kept_verbatim()
    {
        var m = Wire.Message("<13>1 2026-11-26T23:58:10.043005+00:00 vm app 6468 - [timeQuality tzKnown=\"1\" isSynced=\"0\"][x@1 a=\"b\\]c\\\"d\\\\e\"] hello2");

        Assert.Equal("[timeQuality tzKnown=\"1\" isSynced=\"0\"][x@1 a=\"b\\]c\\\"d\\\\e\"]", m.StructuredData);
        Assert.Equal("hello2", m.Line.Text);
    }

    [Fact]
    public void Rfc_example_with_bom_and_msgid()
    {
        var m = Wire.Message("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");

        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", m.Line.Text);
        Assert.Equal(("mymachine.example.com", "su", "ID47"), (m.Line.Host, m.Line.App, m.MsgId));
        Assert.Equal((2, 4), (m.Line.Level, m.Line.Facility));
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), m.Timestamp);
    }

    [Fact]
    public void Rfc_example_with_offset_timestamp()
    {
        var m = Wire.Message("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");

        Assert.Equal(new DateTimeOffset(2003, 8, 24, 5, 14, 15, TimeSpan.FromHours(-7)).AddTicks(30), m.Timestamp);
        Assert.Equal(("192.0.2.1", "myproc", "8710"), (m.Line.Host, m.Line.App, m.Line.ProcId));
        Assert.Equal("%% It's time to make the do-nuts.", m.Line.Text);
    }

    [Fact]
    public void Rfc_example_with_several_sd_elements_and_no_msg()
    {
        var m = Wire.Message("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]");

        Assert.Equal("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]", m.StructuredData);
        Assert.Equal(string.Empty, m.Line.Text);
        Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
    }

    [Fact]
    public void Header_ending_after_msgid_is_tolerated()
    {
        var m = Wire.Message("<13>1 - host app 1 ID");

        Assert.Equal(("host", "ID", string.Empty), (m.Line.Host, m.MsgId, m.Line.Text));
        Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
    }

    [Fact]
    public void Header_cut_before_msgid_is_malformed_but_keeps_the_pri()
    {
        var parser = new SyslogParser();
        var line = parser.Parse(Wire.Bytes("<13>1 2026-11-26T12:00:00Z host"), Wire.Received);

        Assert.True(line.Flags.HasFlag(LineFlags.Malformed));
        Assert.Equal("<13>1 2026-11-26T12:00:00Z host", line.Text);
        Assert.Equal((5, 1), (line.Level, line.Facility));
        Assert.Equal(1, parser.Counters.MalformedBy(SyslogMalformedReason.TruncatedHeader));
    }

    [Theory]
    [InlineData("<13>1 - host app - - [unterminated a=\"b\" hello")]
    [InlineData("<13>1 - host app - - [x a=\"b]\" hello")]
    [InlineData("<13>1 - host app - - nosd hello")]
    public void Bad_structured_data_is_malformed(string message)
    {
        var parser = new SyslogParser();
        var line = parser.Parse(Wire.Bytes(message), Wire.Received);

        Assert.True(line.Flags.HasFlag(LineFlags.Malformed));
        Assert.Equal(message, line.Text);
        Assert.Equal(1, parser.Counters.MalformedBy(SyslogMalformedReason.BadStructuredData));
    }

    [Fact]
    public void Unreadable_timestamp_loses_only_the_timestamp()
    {
        var m = Wire.Message("<13>1 yesterday host app - - - hi");

        Assert.Null(m.Timestamp);
        Assert.Equal(("host", "hi"), (m.Line.Host, m.Line.Text));
        Assert.False(m.Line.Flags.HasFlag(LineFlags.Malformed));
    }

    [Fact]
    public void Timestamp_without_offset_uses_the_configured_zone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var m = Wire.Message("<13>1 2026-11-26T12:00:00 host app - - - hi", new SyslogOptions { TimeZone = paris });

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(1)), m.Timestamp);
    }

    [Fact]
    public void Syslog_ng_octet_counted_5424_frame_parses_after_framing()
    {
        var frames = new List<SyslogFrame>();
        var framing = new SyslogFraming();
        var body = "<38>1 2026-11-26T12:00:00+00:00 node17 sshd 812 - - Accepted publickey for root";
        framing.Append(Wire.Bytes($"{Wire.Bytes(body).Length} {body}"), frames);

        var line = new SyslogParser().Parse(Assert.Single(frames).Bytes, Wire.Received, Assert.Single(frames).Flags);

        Assert.Equal(("node17", "sshd", "812"), (line.Host, line.App, line.ProcId));
        Assert.Equal("Accepted publickey for root", line.Text);
        Assert.Equal((6, 4), (line.Level, line.Facility));
    }

    [Fact]
    public void Kernel_line_by_5424_goes_to_the_kernel_stream()
    {
        var line = Wire.Line("<4>1 2026-11-26T12:00:00Z node17 kernel - - - [   12.345678] usb 1-1: new device");

        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(12_345_678, line.KernelTimeUs);
        Assert.Equal("[   12.345678] usb 1-1: new device", line.Text);
    }
}
