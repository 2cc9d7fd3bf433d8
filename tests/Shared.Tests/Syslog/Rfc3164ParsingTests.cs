using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class Rfc3164ParsingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Logger_rfc3164_output_is_split_into_its_fields()
    {
        // util-linux 2.38: logger -n host --udp --rfc3164 -t app hello
        var m = Wire.Message("<13>Nov 26 12:00:00 vm app: hello");

        Assert.Equal("hello", m.Line.Text);
        Assert.Equal("vm", m.Line.Host);
        Assert.Equal("app", m.Line.App);
        Assert.Null(m.Line.ProcId);
        Assert.Equal(5, m.Line.Level);
        Assert.Equal(1, m.Line.Facility);
        Assert.Equal(LogStream.Syslog, m.Line.Stream);
        Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
        Assert.Equal(-1, m.Line.KernelTimeUs);
        Assert.Equal(Wire.Received, m.Line.ReceivedAt);
        Assert.Equal(Noon, m.Timestamp);
        Assert.Null(m.MsgId);
        Assert.Null(m.StructuredData);
    }

    [Fact]
    public void Logger_with_pid_gives_proc_id()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 vm app[6470]: hello");

        Assert.Equal(("vm", "app", "6470", "hello"), (line.Host, line.App, line.ProcId, line.Text));
    }

    [Fact]
    public void Syslog_ng_default_template_is_read()
    {
        var line = Wire.Line("<30>Nov 26 12:00:00 node17 systemd[1]: Started Session 4 of user root.");

        Assert.Equal(("node17", "systemd", "1"), (line.Host, line.App, line.ProcId));
        Assert.Equal("Started Session 4 of user root.", line.Text);
        Assert.Equal((6, 3), (line.Level, line.Facility));
    }

    [Fact]
    public void Missing_hostname_is_recognised_by_the_tag_shape()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 su: pam_unix(su:session): session opened");

        Assert.Null(line.Host);
        Assert.Equal("su", line.App);
        Assert.Equal("pam_unix(su:session): session opened", line.Text);
    }

    [Fact]
    public void Missing_hostname_with_pid_is_recognised()
    {
        var line = Wire.Line("<86>Nov 26 12:00:00 sshd[1234]: Accepted publickey for root");

        Assert.Equal((null, "sshd", "1234"), (line.Host, line.App, line.ProcId));
        Assert.Equal("Accepted publickey for root", line.Text);
    }

    [Fact]
    public void Single_digit_day_with_double_space_is_read()
    {
        var m = Wire.Message("<13>Nov  6 12:00:00 vm app: hi");

        Assert.Equal(new DateTimeOffset(2026, 11, 6, 12, 0, 0, TimeSpan.Zero), m.Timestamp);
        Assert.Equal(("vm", "app", "hi"), (m.Line.Host, m.Line.App, m.Line.Text));
    }

    [Fact]
    public void Single_digit_day_with_single_space_is_read()
    {
        var m = Wire.Message("<13>Nov 6 12:00:00 vm app: hi");

        Assert.Equal(new DateTimeOffset(2026, 11, 6, 12, 0, 0, TimeSpan.Zero), m.Timestamp);
        Assert.Equal("vm", m.Line.Host);
    }

    [Fact]
    public void Rsyslog_forward_format_with_iso_timestamp_is_read()
    {
        var m = Wire.Message("<13>2026-11-26T12:00:00.123456+01:00 host tag: msg");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_560), m.Timestamp);
        Assert.Equal(("host", "tag", "msg"), (m.Line.Host, m.Line.App, m.Line.Text));
    }

    [Fact]
    public void Iso_timestamp_with_z_is_utc()
    {
        var m = Wire.Message("<13>2026-11-26T12:00:00Z host tag: msg");

        Assert.Equal(Noon, m.Timestamp);
        Assert.Equal(TimeSpan.Zero, m.Timestamp!.Value.Offset);
    }

    [Fact]
    public void Fractional_seconds_are_kept()
    {
        var m = Wire.Message("<13>Nov 26 12:00:00.250 host tag: msg");

        Assert.Equal(Noon.AddMilliseconds(250), m.Timestamp);
    }

    [Fact]
    public void Year_before_time_is_used_as_given()
    {
        var m = Wire.Message("<13>Nov 26 2024 12:00:00 host tag: msg");

        Assert.Equal(new DateTimeOffset(2024, 11, 26, 12, 0, 0, TimeSpan.Zero), m.Timestamp);
        Assert.Equal("host", m.Line.Host);
    }

    [Theory]
    [InlineData("<13>Nov 26 12:00:00 vm app: hello\n")]
    [InlineData("<13>Nov 26 12:00:00 vm app: hello\r\n")]
    [InlineData("<13>Nov 26 12:00:00 vm app: hello\0")]
    [InlineData("<13>Nov 26 12:00:00 vm app: hello\n\n\0")]
    public void Trailing_newlines_and_nuls_are_trimmed(string message)
    {
        var line = Wire.Line(message);

        Assert.Equal("hello", line.Text);
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
    }

    [Fact]
    public void Pri_then_colon_vendor_quirk_leaves_only_the_message()
    {
        var line = Wire.Line("<13>: link down on port 3");

        Assert.Equal("link down on port 3", line.Text);
        Assert.Equal((null, null), (line.Host, line.App));
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
    }

    [Fact]
    public void Cisco_sequence_number_and_star_timestamp_are_understood()
    {
        var m = Wire.Message("<189>123: *Nov 26 11:00:00.345 UTC: %SYS-5-CONFIG_I: Configured from console by vty0");

        Assert.Equal("%SYS-5-CONFIG_I: Configured from console by vty0", m.Line.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, 345, TimeSpan.Zero), m.Timestamp);
        Assert.Equal((5, 23), (m.Line.Level, m.Line.Facility));
        Assert.Null(m.Line.Host);
    }

    [Fact]
    public void Cisco_sequence_number_without_timestamp_is_dropped_from_the_text()
    {
        var m = Wire.Message("<189>58: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up");

        Assert.Equal("%LINK-3-UPDOWN: Interface Gi0/1, changed state to up", m.Line.Text);
        Assert.Null(m.Timestamp);
    }

    [Fact]
    public void No_timestamp_keeps_a_tag_and_the_message()
    {
        var m = Wire.Message("<13>su: hello");

        Assert.Null(m.Timestamp);
        Assert.Equal(("su", "hello"), (m.Line.App, m.Line.Text));
        Assert.Null(m.Line.Host);
    }

    [Fact]
    public void No_timestamp_and_no_tag_is_all_message()
    {
        var line = Wire.Line("<13>just some words here");

        Assert.Equal("just some words here", line.Text);
        Assert.Equal((null, null), (line.Host, line.App));
    }

    [Fact]
    public void Host_then_untagged_text_keeps_all_the_text()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host free text without a tag");

        Assert.Equal("host", line.Host);
        Assert.Null(line.App);
        Assert.Equal("free text without a tag", line.Text);
    }

    [Fact]
    public void Tag_without_space_after_colon_is_split_like_rsyslog()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app:msg here");

        Assert.Equal(("host", "app", "msg here"), (line.Host, line.App, line.Text));
    }

    [Fact]
    public void Extra_spaces_around_the_hostname_are_skipped()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00  host  app: msg");

        Assert.Equal(("host", "app", "msg"), (line.Host, line.App, line.Text));
    }

    [Fact]
    public void Timestamp_then_nothing_is_an_empty_line()
    {
        var m = Wire.Message("<13>Nov 26 12:00:00 ");

        Assert.Equal((string.Empty, null, null), (m.Line.Text, m.Line.Host, m.Line.App));
        Assert.NotNull(m.Timestamp);
    }

    [Fact]
    public void Tag_with_pid_and_no_space_after_colon_is_split()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app[9]:msg");

        Assert.Equal(("app", "9", "msg"), (line.App, line.ProcId, line.Text));
    }

    [Theory]
    [InlineData("<13>Nov 26 12:00:00 [::1] app: hi", "[::1]")]
    [InlineData("<13>Nov 26 12:00:00 [12.34] app: hi", "[12.34]")]
    public void Bracketed_first_word_is_a_host_not_a_tag(string message, string host)
    {
        var line = Wire.Line(message);

        Assert.Equal((host, "app", "hi"), (line.Host, line.App, line.Text));
    }

    [Fact]
    public void Ipv6_hostname_is_not_taken_for_a_tag()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 fe80::1 app[7]: hi");

        Assert.Equal(("fe80::1", "app", "7", "hi"), (line.Host, line.App, line.ProcId, line.Text));
    }

    [Fact]
    public void Tag_with_pid_and_no_colon_is_read()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host cron[42] job done");

        Assert.Equal(("cron", "42", "job done"), (line.App, line.ProcId, line.Text));
    }

    [Fact]
    public void Path_tag_from_the_abrt_xorg_corpus_is_read()
    {
        var line = Wire.Line("<30>Sep 21 16:36:22 dhcp-24-159.brq.redhat.com /usr/libexec/gdm-x-session[1115]: (EE) Backtrace:");

        Assert.Equal("dhcp-24-159.brq.redhat.com", line.Host);
        Assert.Equal(("/usr/libexec/gdm-x-session", "1115"), (line.App, line.ProcId));
        Assert.Equal("(EE) Backtrace:", line.Text);
    }

    [Fact]
    public void Message_spaces_after_the_tag_beyond_the_first_are_kept()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app:   indented");

        Assert.Equal("  indented", line.Text);
    }

    [Fact]
    public void Empty_message_after_the_tag_is_an_empty_text()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app:");

        Assert.Equal(string.Empty, line.Text);
        Assert.Equal("app", line.App);
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
    }

    [Fact]
    public void Pri_alone_is_an_empty_message_not_malformed()
    {
        var line = Wire.Line("<13>");

        Assert.Equal(string.Empty, line.Text);
        Assert.Equal((5, 1), (line.Level, line.Facility));
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
    }

    [Fact]
    public void Utf8_text_is_decoded()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app: température 42 °C — ok");

        Assert.Equal("température 42 °C — ok", line.Text);
    }

    [Fact]
    public void Tab_is_kept_other_controls_are_escaped()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 host app: a\tb\u001b[31mc\rd");

        Assert.Equal("a\tb\\x1b[31mc\\x0dd", line.Text);
    }

    [Fact]
    public void Month_names_are_case_insensitive()
    {
        var m = Wire.Message("<13>NOV 26 12:00:00 host app: x");

        Assert.Equal(Noon, m.Timestamp);
    }

    [Fact]
    public void Invalid_day_for_the_month_gives_no_timestamp_but_a_line()
    {
        var m = Wire.Message("<13>Feb 31 12:00:00 host app: x");

        Assert.Null(m.Timestamp);
        Assert.Equal(("host", "app", "x"), (m.Line.Host, m.Line.App, m.Line.Text));
    }

    [Fact]
    public void Leap_second_is_read_as_59()
    {
        var m = Wire.Message("<13>Nov 26 11:59:60 host app: x");

        Assert.Equal(Noon.AddSeconds(-1), m.Timestamp);
    }

    [Fact]
    public void Repeated_tokens_come_from_the_cache_as_the_same_string()
    {
        var parser = new SyslogParser();
        var a = parser.Parse(Wire.Bytes("<13>Nov 26 12:00:00 node17 app[1]: one"), Noon);
        var b = parser.Parse(Wire.Bytes("<13>Nov 26 12:00:01 node17 app[1]: two"), Noon);

        Assert.Same(a.Host, b.Host);
        Assert.Same(a.App, b.App);
        Assert.Same(a.ProcId, b.ProcId);
        Assert.Equal(("one", "two"), (a.Text, b.Text));
    }

    [Fact]
    public void Two_tokens_that_share_a_slot_both_stay_cached()
    {
        // Two slots: HOSTNAME and APP-NAME always hash to the same pair, which direct-mapped would thrash.
        var parser = new SyslogParser(new SyslogOptions { TokenCacheSlots = 2 });
        var a = parser.Parse(Wire.Bytes("<13>Nov 26 12:00:00 node17 app: one"), Noon);
        var b = parser.Parse(Wire.Bytes("<13>Nov 26 12:00:01 node17 app: two"), Noon);

        Assert.Same(a.Host, b.Host);
        Assert.Same(a.App, b.App);
    }

    [Fact]
    public void Counters_count_formats()
    {
        var parser = new SyslogParser();
        parser.Parse(Wire.Bytes("<13>Nov 26 12:00:00 a b: c"), Noon);
        parser.Parse(Wire.Bytes("<13>1 - - - - - - c"), Noon);
        parser.Parse(Wire.Bytes("nope"), Noon);

        Assert.Equal((3L, 1L, 1L, 1L), (parser.Counters.Messages, parser.Counters.Rfc3164, parser.Counters.Rfc5424, parser.Counters.Malformed));
        Assert.Equal(1, parser.Counters.MalformedBy(SyslogMalformedReason.NoPri));
    }

    [Fact]
    public void Frame_flags_are_added_to_the_line()
    {
        var line = new SyslogParser().Parse(Wire.Bytes("<13>Nov 26 12:00:00 a b: c"), Noon, LineFlags.Truncated);

        Assert.Equal(LineFlags.FromSyslog | LineFlags.Truncated, line.Flags);
    }
}
