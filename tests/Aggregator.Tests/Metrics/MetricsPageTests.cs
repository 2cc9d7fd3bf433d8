using KrgLogs.Aggregator.Metrics;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class MetricsPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_node_gets_its_lines_crashes_age_and_input_counters_labelled_by_node()
    {
        var counters = new Dictionary<string, long>
        {
            ["netconsole.malformed.nulByte"] = 2,
            ["netconsole.malformed.empty"] = 0,
            ["netconsole.duplicatesDropped"] = 5,
        };
        var scrape = new NodeScrape(
            3,
            [
                new NodeStatus("web\"1", true, Now.AddSeconds(-30), 10, 1, counters),
                new NodeStatus("db", true, Now.AddSeconds(-1.5), 4, 0, new Dictionary<string, long>()),
            ],
            SkippedOverCap: 0,
            SkippedTimedOut: 1);

        var page = MetricsPage.Render(new ReceiverCounters(), scrape, (0, 7), Now, new ProcessFacts(TimeSpan.FromSeconds(90), 1024, 2048));

        Assert.Contains("krglogs_node_lines_total{node=\"web\\\"1\"} 10\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_node_lines_total{node=\"db\"} 4\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_node_crashes_total{node=\"web\\\"1\"} 1\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_node_last_seen_age_seconds{node=\"db\"} 1.5\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_node_netconsole_malformed_total{node=\"web\\\"1\",reason=\"nulByte\"} 2\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_node_netconsole_duplicates_dropped_total{node=\"web\\\"1\"} 5\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_receiver_datagrams_total 0\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_nodes_known 3\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_metrics_nodes_skipped_total{reason=\"timeout\"} 7\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_process_uptime_seconds 90\n", page, StringComparison.Ordinal);
        var types = page.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToList();
        Assert.Equal(types.Count, types.Distinct(StringComparer.Ordinal).Count());
    }
}
