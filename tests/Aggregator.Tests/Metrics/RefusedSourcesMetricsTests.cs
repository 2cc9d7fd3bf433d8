using KrgLogs.Aggregator.Metrics;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class RefusedSourcesMetricsTests
{
    [Fact]
    public void Refused_traffic_shows_by_source_and_zero_when_there_is_none()
    {
        var counters = new ReceiverCounters();
        Assert.Contains("krglogs_receiver_refused_total 0\n", Render(counters), StringComparison.Ordinal);

        counters.Refused.Count("127.0.0.3");
        counters.Refused.Count("127.0.0.3");
        counters.Refused.Count("fd00::9");
        var page = Render(counters);
        Assert.Contains("# TYPE krglogs_receiver_refused_total counter\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_receiver_refused_total{source=\"127.0.0.3\"} 2\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_receiver_refused_total{source=\"fd00::9\"} 1\n", page, StringComparison.Ordinal);
    }

    private static string Render(ReceiverCounters counters) =>
        MetricsPage.Render(counters, new NodeScrape(0, [], 0, 0), (0, 0), DateTimeOffset.UnixEpoch, new ProcessFacts(TimeSpan.Zero, 0, 0));
}
