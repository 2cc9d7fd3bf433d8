using System.Text;
using System.Text.Json;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

/// <summary>Real netconsole datagrams (../shared/captures) must never be taken for syslog.</summary>
public sealed class NetconsoleCaptureTests
{
    private static readonly string Captures = SharedFixtures.Captures;

    private static IEnumerable<byte[]> Datagrams()
    {
        foreach (var file in Directory.EnumerateFiles(Captures, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var json in File.ReadLines(file))
            {
                using var record = JsonDocument.Parse(json);
                yield return Convert.FromBase64String(record.RootElement.GetProperty("b64").GetString()!);
            }
        }
    }

    [Fact]
    public void No_captured_netconsole_datagram_looks_like_syslog()
    {
        var count = 0;
        foreach (var datagram in Datagrams())
        {
            Assert.False(SyslogParser.LooksLikeSyslog(datagram), Encoding.UTF8.GetString(datagram));
            count++;
        }

        Assert.True(count > 100);
    }

    [Fact]
    public void Captured_console_lines_relayed_by_syslog_keep_text_and_kernel_time()
    {
        var parser = new SyslogParser();
        var checkedLines = 0;
        foreach (var datagram in Datagrams())
        {
            var text = Encoding.UTF8.GetString(datagram);
            if (!text.StartsWith('['))
            {
                continue;
            }

            foreach (var console in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var line = parser.Parse(Encoding.UTF8.GetBytes("<6>Nov 26 19:23:05 ncvm kernel: " + console), Wire.Received);

                Assert.Equal(LineAssembler.Decode(Encoding.UTF8.GetBytes(console)), line.Text);
                Assert.Equal(LogStream.Kernel, line.Stream);
                if (console.StartsWith("[ ", StringComparison.Ordinal) || char.IsAsciiDigit(console[1]))
                {
                    var close = console.IndexOf(']', StringComparison.Ordinal);
                    var seconds = decimal.Parse(console[1..close], System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal((long)(seconds * 1_000_000), line.KernelTimeUs);
                }

                checkedLines++;
            }
        }

        Assert.True(checkedLines > 100);
    }
}
