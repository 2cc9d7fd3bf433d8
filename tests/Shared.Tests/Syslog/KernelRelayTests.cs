using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class KernelRelayTests
{
    private static readonly string AbrtCorpus = Path.Combine(SharedFixtures.Corpora, "crashes", "abrt");

    [Fact]
    public void Relayed_kernel_line_keeps_the_console_form_and_its_time()
    {
        var line = Wire.Line("<4>Nov 26 12:00:00 node17 kernel: [   12.345678] text");

        Assert.Equal("[   12.345678] text", line.Text);
        Assert.Equal(12_345_678, line.KernelTimeUs);
        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(("node17", "kernel"), (line.Host, line.App));
        Assert.Equal((4, 0), (line.Level, line.Facility));
        Assert.Equal(LineFlags.FromSyslog, line.Flags);
    }

    [Fact]
    public void Same_line_by_netconsole_plain_and_by_syslog_has_the_same_key()
    {
        const string console = "[ 4552.564718] ------------[ cut here]------------";
        var viaNetconsole = LineAssembler.Decode(Encoding.UTF8.GetBytes(console));
        var viaSyslog = Wire.Line("<4>Oct 11 10:57:36 jerry-opti755 kernel: " + console);

        Assert.Equal(viaNetconsole, viaSyslog.Text);
        Assert.Equal(4_552_564_718, viaSyslog.KernelTimeUs);
    }

    [Fact]
    public void Kernel_facility_without_kernel_tag_is_still_kernel()
    {
        var line = Wire.Line("<6>Nov 26 12:00:00 node17 vmunix: [    1.000000] booting");

        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(1_000_000, line.KernelTimeUs);
    }

    [Fact]
    public void Kernel_tag_without_time_prefix_is_kernel_without_time()
    {
        var line = Wire.Line("<6>Nov 26 12:00:00 node17 kernel: e1000e: eth0 NIC Link is Up");

        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(-1, line.KernelTimeUs);
        Assert.Equal("e1000e: eth0 NIC Link is Up", line.Text);
    }

    [Fact]
    public void Kernel_tag_from_userspace_facility_is_kernel()
    {
        // /dev/kmsg forwarded by journald: facility user, identifier "kernel".
        var line = Wire.Line("<14>Nov 26 12:00:00 node17 kernel: [   99.000001] hello");

        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(99_000_001, line.KernelTimeUs);
    }

    [Fact]
    public void Non_kernel_line_with_bracket_time_has_no_kernel_time()
    {
        var line = Wire.Line("<13>Nov 26 12:00:00 node17 app: [   12.345678] looks like a kernel line");

        Assert.Equal(LogStream.Syslog, line.Stream);
        Assert.Equal(-1, line.KernelTimeUs);
    }

    [Theory]
    [InlineData("[    0.000000] x", 0)]
    [InlineData("[12345678.123456] x", 12_345_678_123_456)]
    [InlineData("[ 1.5] x", 1_500_000)]
    [InlineData("[ 1.1234567] x", 1_123_456)]
    [InlineData("[   12.345678][    T1] x", 12_345_678)]
    [InlineData("[ 12.] x", -1)]
    [InlineData("[.5] x", -1)]
    [InlineData("[ 12.5 x", -1)]
    [InlineData("12.5] x", -1)]
    public void Kernel_time_prefix_forms(string text, long expected)
    {
        var line = Wire.Line("<0>Nov 26 12:00:00 n kernel: " + text);

        Assert.Equal(expected, line.KernelTimeUs);
        Assert.Equal(text, line.Text);
    }

    [Fact]
    public void Console_msg_format_syslog_line_parses_to_the_same_key_if_given()
    {
        // Not syslog for the UDP classifier, but a caller that parses it anyway gets the console form.
        var line = Wire.Line("<6>[   12.345678] text");

        Assert.Equal(("[   12.345678] text", 12_345_678L, LogStream.Kernel), (line.Text, line.KernelTimeUs, line.Stream));
    }

    [Theory]
    [InlineData("koops-tainted-spaces")]
    [InlineData("oops_full_hostname.test")]
    [InlineData("not_oops_foreign_hostname.test")]
    [InlineData("xorg_journal_crash1.test")]
    public void Abrt_syslog_lines_with_a_pri_prepended_parse(string file)
    {
        var path = Path.Combine(AbrtCorpus, file);
        var parser = new SyslogParser();
        var count = 0;
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            // "Mon dd hh:mm:ss HOST TAG: text" — the corpus is syslog files, without the wire PRI.
            var expectedHost = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
            var afterTag = raw[(raw.IndexOf(": ", 16, StringComparison.Ordinal) + 2)..];
            var line = parser.Parse(Encoding.UTF8.GetBytes("<4>" + raw), Wire.Received);

            Assert.False(line.Flags.HasFlag(LineFlags.Malformed), raw);
            Assert.Equal(expectedHost, line.Host);
            Assert.Equal(afterTag, line.Text);
            if (line.App == "kernel")
            {
                Assert.Equal(LogStream.Kernel, line.Stream);
                Assert.Equal(afterTag.StartsWith('['), line.KernelTimeUs >= 0);
            }

            count++;
        }

        Assert.True(count > 0);
    }

    [Fact]
    public void Abrt_syslog_line_without_pri_is_malformed_on_the_wire()
    {
        var parser = new SyslogParser();
        var line = parser.Parse(Encoding.UTF8.GetBytes("Oct 12 23:25:16 coprbox.den kernel: mce: [Hardware Error]: Machine check events logged"), Wire.Received);

        Assert.True(line.Flags.HasFlag(LineFlags.Malformed));
        Assert.Equal("Oct 12 23:25:16 coprbox.den kernel: mce: [Hardware Error]: Machine check events logged", line.Text);
        Assert.Equal(1, parser.Counters.MalformedBy(SyslogMalformedReason.NoPri));
    }

    [Fact]
    public void Abrt_console_lines_relayed_by_syslog_keep_their_text_and_time()
    {
        var path = Path.Combine(AbrtCorpus, "oops-without-addrs.test");
        var parser = new SyslogParser();
        var withTime = 0;
        foreach (var console in File.ReadLines(path))
        {
            if (console.Length == 0)
            {
                continue;
            }

            var line = parser.Parse(Encoding.UTF8.GetBytes("<4>Nov 26 12:00:00 node17 kernel: " + console), Wire.Received);

            Assert.Equal(LineAssembler.Decode(Encoding.UTF8.GetBytes(console)), line.Text);
            Assert.Equal(LogStream.Kernel, line.Stream);
            if (line.KernelTimeUs >= 0)
            {
                withTime++;
            }
        }

        Assert.True(withTime > 100);
    }
}
