using System.Diagnostics;

namespace KrgLogs.Benchmarks;

/// <summary>
/// Lines per CPU-second of this process, for a machine shared with other builds (wall-clock benchmarks there
/// measure the neighbours). Run: <c>dotnet run -c Release -- cpu</c>.
/// </summary>
public static class CpuThroughput
{
    public static void Run()
    {
        var bench = new NetconsoleDecoding();
        bench.Setup();
        var syslog = new SyslogDecoding();
        syslog.Setup();
        var crashes = new CrashDetection();
        crashes.Setup();
        var stream = new NodeStreamIngest();
        stream.Setup();
        foreach (var (name, run) in new (string, Func<int>)[]
        {
            ("Plain", bench.Plain), ("ExtendedInOrder", bench.ExtendedInOrder), ("ExtendedReordered", bench.ExtendedReordered),
            ("Rfc3164", syslog.Rfc3164), ("Rfc5424", syslog.Rfc5424),
            ("CrashOrdinaryBoot", crashes.OrdinaryBootLog), ("CrashDense", crashes.CrashDense),
            ("NodeStreamCapture", stream.PlainCapture),
        })
        {
            for (var i = 0; i < 50; i++)
            {
                run();
            }

            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            const int Rounds = 300;
            long lines = 0;
            for (var i = 0; i < Rounds; i++)
            {
                lines += run();
            }

            process.Refresh();
            var seconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
            Console.WriteLine($"{name,-18} {lines / seconds,12:N0} lines/CPU-s  {seconds * 1e9 / lines,7:N1} ns/line  {(double)allocated / lines,6:N1} B/line");
        }
    }
}
