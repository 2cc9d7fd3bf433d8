using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class MalformedInputTests
{
    private static (LogLine Line, SyslogParser Parser) Parse(byte[] bytes)
    {
        var parser = new SyslogParser();
        return (parser.Parse(bytes, Wire.Received), parser);
    }

    [Theory]
    [InlineData("", SyslogMalformedReason.Empty, "")]
    [InlineData("\n\0\r\n", SyslogMalformedReason.Empty, "")]
    [InlineData("hello", SyslogMalformedReason.NoPri, "hello")]
    [InlineData("<13", SyslogMalformedReason.BadPri, "<13")]
    [InlineData("<", SyslogMalformedReason.BadPri, "<")]
    [InlineData("<>x", SyslogMalformedReason.BadPri, "<>x")]
    [InlineData("<999>Nov 26 12:00:00 h a: x", SyslogMalformedReason.BadPri, "<999>Nov 26 12:00:00 h a: x")]
    [InlineData("<192>x", SyslogMalformedReason.BadPri, "<192>x")]
    [InlineData("<1234>x", SyslogMalformedReason.BadPri, "<1234>x")]
    [InlineData("<1a>x", SyslogMalformedReason.BadPri, "<1a>x")]
    [InlineData("<-1>x", SyslogMalformedReason.BadPri, "<-1>x")]
    public void Unreadable_headers_are_kept_escaped_and_counted(string input, SyslogMalformedReason reason, string text)
    {
        var (line, parser) = Parse(Wire.Bytes(input));

        Assert.Equal(LineFlags.FromSyslog | LineFlags.Malformed, line.Flags);
        Assert.Equal(text, line.Text);
        Assert.Equal((-1, -1), (line.Level, line.Facility));
        Assert.Equal(LogStream.Syslog, line.Stream);
        Assert.Equal(1, parser.Counters.MalformedBy(reason));
        Assert.Equal(1, parser.Counters.Malformed);
    }

    [Fact]
    public void Binary_garbage_is_escaped_byte_by_byte()
    {
        var (line, parser) = Parse([0x01, 0xff, 0x41, 0x00, 0x7f, 0xc3]);

        Assert.Equal("\\x01\\xffA\\x00\\x7f\\xc3", line.Text);
        Assert.True(line.Flags.HasFlag(LineFlags.Malformed));
        Assert.Equal((1L, 1L), (parser.Counters.InvalidUtf8, parser.Counters.ControlBytes));
    }

    [Fact]
    public void Invalid_utf8_in_a_good_message_is_escaped_not_malformed()
    {
        // Latin-1 "é" from a legacy sender.
        var bytes = Wire.Bytes("<13>Nov 26 12:00:00 host app: caf").Concat(new byte[] { 0xe9, (byte)'!' }).ToArray();
        var (line, parser) = Parse(bytes);

        Assert.Equal("caf\\xe9!", line.Text);
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
        Assert.Equal(1, parser.Counters.InvalidUtf8);
    }

    [Fact]
    public void Truncated_utf8_sequence_at_the_end_is_escaped()
    {
        var bytes = Wire.Bytes("<13>Nov 26 12:00:00 host app: ").Concat(new byte[] { 0xe2, 0x82 }).ToArray();

        Assert.Equal("\\xe2\\x82", Parse(bytes).Line.Text);
    }

    [Fact]
    public void Interior_nul_and_newline_are_escaped_in_a_single_line()
    {
        var (line, parser) = Parse(Wire.Bytes("<13>Nov 26 12:00:00 host app: a\0b\nc\n"));

        Assert.Equal("a\\x00b\\x0ac", line.Text);
        Assert.DoesNotContain('\n', line.Text);
        Assert.Equal(1, parser.Counters.ControlBytes);
    }

    [Fact]
    public void Non_ascii_hostname_is_escaped_not_cached()
    {
        var bytes = Wire.Bytes("<13>Nov 26 12:00:00 h").Concat(new byte[] { 0xff }).Concat(Wire.Bytes(" app: x")).ToArray();

        Assert.Equal("h\\xff", Parse(bytes).Line.Host);
    }

    [Fact]
    public void Long_message_is_decoded_whole()
    {
        var text = new string('x', 70_000) + "é\u0001";
        var line = Parse(Wire.Bytes("<13>Nov 26 12:00:00 host app: " + text)).Line;

        Assert.Equal(new string('x', 70_000) + "é\\x01", line.Text);
    }

    [Fact]
    public void Astral_characters_survive()
    {
        Assert.Equal("🦀 ok", Parse(Wire.Bytes("<13>Nov 26 12:00:00 host app: 🦀 ok")).Line.Text);
    }
}
