using System.Diagnostics;
using System.Globalization;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>Rough throughput on an ordinary boot log; run by hand (explicit), the figure is printed, not asserted.</summary>
public sealed class CrashDetectorThroughputTests(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public void Ordinary_boot_log_lines_per_second()
    {
        var boot = File.ReadLines(SharedData.Path("captures", "plain.serial.log"))
            .TakeWhile(l => !l.Contains("sysrq", StringComparison.Ordinal))
            .Select(l => new LogLine(l.TrimEnd('\r'), DateTimeOffset.UnixEpoch)).ToArray();
        var detector = new CrashDetector(CrashDetectorOptions.Default);
        var closed = new List<CrashReport>();
        const int Rounds = 10_000;
        for (var w = 0; w < 200; w++)
        {
            foreach (var line in boot)
            {
                detector.Feed(line, closed);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (var r = 0; r < Rounds; r++)
        {
            foreach (var line in boot)
            {
                detector.Feed(line, closed);
            }
        }

        sw.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var lines = (double)Rounds * boot.Length;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} lines in {sw.Elapsed.TotalSeconds:F2} s: {lines / sw.Elapsed.TotalSeconds:N0} lines/s, {allocated / lines:F2} bytes allocated per line");
        output.WriteLine(message);
        Console.WriteLine(message);
        Assert.Empty(closed);
    }
}
