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
        const int Rounds = 2_000;

        // Long enough for tiered compilation to reach its optimised code; the machine is shared, so keep the best pass.
        for (var w = 0; w < 3 * Rounds; w++)
        {
            foreach (var line in boot)
            {
                detector.Feed(line, closed);
            }
        }

        var best = double.MaxValue;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var pass = 0; pass < 5; pass++)
        {
            var sw = Stopwatch.StartNew();
            for (var r = 0; r < Rounds; r++)
            {
                foreach (var line in boot)
                {
                    detector.Feed(line, closed);
                }
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var lines = (double)Rounds * boot.Length;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} lines in {best:F3} s (best of 5): {lines / best:N0} lines/s, {allocated / (5 * lines):F2} bytes allocated per line");
        output.WriteLine(message);
        Console.WriteLine(message);
        Assert.Empty(closed);
    }
}
