using System.Text.Json;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>The live path: real plain-netconsole datagrams, cut into lines, fed with their arrival times.</summary>
public sealed class NetconsoleCaptureTests
{
    [Fact]
    public void Plain_netconsole_datagrams_of_a_sysrq_crash_give_one_report_and_one_early_signal()
    {
        var lines = new List<LogLine>();
        var assembler = new LineAssembler();
        foreach (var json in File.ReadLines(SharedData.Path("captures", "plain.jsonl")))
        {
            using var datagram = JsonDocument.Parse(json);
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(datagram.RootElement.GetProperty("t").GetDouble() * 1000));
            var bytes = Convert.FromBase64String(datagram.RootElement.GetProperty("b64").GetString()!);
            assembler.Append(bytes, at, (time, text, flags) => lines.Add(new LogLine(text, time, Flags: flags)));
        }

        var detector = new CrashDetector(CrashDetectorOptions.Default);
        var closed = new List<CrashReport>();
        var opened = new List<CrashOpened>();
        foreach (var line in lines)
        {
            detector.Feed(line, closed, opened);
        }

        var signal = Assert.Single(opened);
        Assert.Equal("panic", signal.Kind);
        Assert.Contains("Kernel panic - not syncing: sysrq triggered crash", signal.HeaderLine, StringComparison.Ordinal);

        var report = Assert.Single(closed);
        Assert.Equal("kernel panic: sysrq triggered crash", report.Title);
        Assert.True(report.Panicked);
        Assert.False(report.Corrupted);
        Assert.Equal(CrashCloseReason.EndMarker, report.CloseReason);
        Assert.Equal(signal.At, report.FirstAt);
        Assert.True(report.LastAt >= report.FirstAt);
        Assert.Equal(lines.Count - 1, report.LastLineIndex);
        Assert.Contains(" sysrq_handle_crash+0x16/0x20", report.Text, StringComparison.Ordinal);
        Assert.Equal(0, detector.OpenReports);
    }
}
