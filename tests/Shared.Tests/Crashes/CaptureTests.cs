using System.Text.RegularExpressions;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>The serial consoles of real 6.1 kernels that crashed (shared/captures).</summary>
public sealed partial class CaptureTests(ITestOutputHelper output)
{
    public static TheoryData<string> SysrqLogs => new() { "plain.serial.log", "extended.serial.log" };

    public static TheoryData<string, string> ZooRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(SharedData.Path("captures", "zoo", "EXPECTED.md")))
        {
            var m = ZooRow().Match(line);
            if (m.Success)
            {
                data.Add(m.Groups[1].Value, m.Groups[2].Value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SysrqLogs))]
    public void A_sysrq_crash_gives_exactly_one_panicked_report_with_its_call_trace(string file)
    {
        using var reader = File.OpenText(SharedData.Path("captures", file));
        var reports = CrashDetector.DetectAll(reader).ToList();

        var report = Assert.Single(reports);
        Assert.Equal("kernel panic: sysrq triggered crash", report.Title);
        Assert.Equal("panic", report.Kind);
        Assert.True(report.Panicked);
        Assert.False(report.Corrupted);
        Assert.Equal("6.1.0-56-amd64", report.KernelVersion);
        Assert.Equal("sysrq_handle_crash", report.Frame);
        Assert.Contains("Call Trace:", report.Text, StringComparison.Ordinal);
        Assert.Contains("sysrq_handle_crash+0x16/0x20", report.Text, StringComparison.Ordinal);
        Assert.StartsWith("[", report.Text, StringComparison.Ordinal);
        Assert.EndsWith("---[ end Kernel panic - not syncing: sysrq triggered crash ]---", report.Text, StringComparison.Ordinal);
        output.WriteLine($"{file}: lines {report.FirstLineIndex + 1}-{report.LastLineIndex + 1}, frame {report.Frame}");
    }

    [Theory]
    [MemberData(nameof(ZooRuns))]
    public void A_zoo_crash_gets_the_expected_title(string run, string title)
    {
        using var reader = File.OpenText(SharedData.Path("captures", "zoo", run, run + ".serial.log"));
        var reports = CrashDetector.DetectAll(reader).ToList();

        Assert.NotEmpty(reports);
        var first = reports[0];
        Assert.Equal(title, first.Title);
        Assert.False(first.Corrupted);
        Assert.Contains("OE      6.1.0-56-amd64", first.Text, StringComparison.Ordinal);
        if (run.StartsWith("warn", StringComparison.Ordinal))
        {
            // Two WARNs the kernel survives, then a separate sysrq panic.
            Assert.Equal(["WARNING in krgcrash_warn", "WARNING in krgcrash_warn", "kernel panic: sysrq triggered crash"], reports.Select(r => r.Title));
            Assert.False(first.Panicked);
            Assert.StartsWith("------------[ cut here ]------------", first.Text[(first.Text.IndexOf(']') + 2)..], StringComparison.Ordinal);
        }
        else
        {
            // The "Fatal exception" panic belongs to the oops.
            var report = Assert.Single(reports);
            Assert.True(report.Panicked);
            Assert.Contains("Kernel panic - not syncing: Fatal exception", report.Text, StringComparison.Ordinal);
        }

        output.WriteLine($"{run}: {string.Join(" | ", reports.Select(r => r.Title))}");
    }

    [GeneratedRegex(@"^\| `([a-z]+-[a-z]+)` \| [a-z]+ \|.*\| `([^`]+)` \|$")]
    private static partial Regex ZooRow();
}
