using System.Diagnostics;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>The few process basics on the page: enough to spot a restart or a leak, not a runtime dashboard.</summary>
public sealed record ProcessFacts(TimeSpan Uptime, long GcHeapBytes, long WorkingSetBytes)
{
    public static ProcessFacts Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessFacts(DateTime.Now - process.StartTime, GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }
}
