using KrgLogs.Aggregator.Alerts;
using KrgLogs.Aggregator.Follow;
using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class AlertMetricsTests
{
    [Fact]
    public void A_histogram_has_cumulative_buckets_an_inf_bucket_a_sum_and_a_count()
    {
        var page = new PrometheusText()
            .Histogram("x_seconds", "help", [(0.1, 2), (1, 5)], 1.5, 6)
            .ToString();

        Assert.Equal(
            "# HELP x_seconds help\n# TYPE x_seconds histogram\n" +
            "x_seconds_bucket{le=\"0.1\"} 2\nx_seconds_bucket{le=\"1\"} 5\nx_seconds_bucket{le=\"+Inf\"} 6\n" +
            "x_seconds_sum 1.5\nx_seconds_count 6\n",
            page);
    }

    [Fact]
    public void Webhook_deliveries_and_followers_are_shown_per_webhook()
    {
        var alerts = new AlertCounters();
        alerts.Register("http://b/hook");
        alerts.Sent("http://a/hook");
        alerts.Failed("http://a/hook");
        alerts.Failed("http://a/hook");
        alerts.Retried("http://a/hook");
        var followers = new FollowCounters();
        followers.Connect();
        followers.Connect();
        followers.Disconnect();
        followers.Drop();

        var page = AlertMetrics.Render(alerts, followers, activeEntities: 3);

        Assert.Contains("krglogs_alerts_sent_total{webhook=\"http://a/hook\"} 1\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_alerts_failed_total{webhook=\"http://a/hook\"} 2\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_alerts_retried_total{webhook=\"http://a/hook\"} 1\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_alerts_sent_total{webhook=\"http://b/hook\"} 0\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_followers_connected 1\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_followers_started_total 2\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_followers_dropped_total 1\n", page, StringComparison.Ordinal);
        Assert.Contains("krglogs_entities_active 3\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE krglogs_persist_latency_seconds histogram\n", page, StringComparison.Ordinal);
    }
}
