using System.Globalization;
using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class JournalFailuresTests
{
    [Fact]
    public void Failed_writes_and_recoveries_are_counted_on_the_page()
    {
        // The counters are process-wide (every entity bumps them): compare before and after.
        var before = JournalFailures.Snapshot();
        JournalFailures.PersistFailed();
        JournalFailures.PersistFailed();
        JournalFailures.RecoveryFailed();

        var page = JournalFailures.Render();

        Assert.True(Sample(page, "krglogs_persist_failures_total") >= before.Persist + 2);
        Assert.True(Sample(page, "krglogs_recovery_failures_total") >= before.Recovery + 1);
        Assert.Contains("# TYPE krglogs_persist_failures_total counter", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE krglogs_recovery_failures_total counter", page, StringComparison.Ordinal);
    }

    private static long Sample(string page, string name) =>
        long.Parse(page.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
}
