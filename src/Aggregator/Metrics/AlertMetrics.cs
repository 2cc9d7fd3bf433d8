using KrgLogs.Aggregator.Alerts;
using KrgLogs.Aggregator.Follow;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// The alerts-and-follow block of <c>/metrics</c>: webhook deliveries, live followers, persist latency and this
/// member's active entities. Rendered apart from <see cref="MetricsPage"/> and appended to it (no family repeats).
/// </summary>
public static class AlertMetrics
{
    public static string Render(AlertCounters alerts, FollowCounters followers, int? activeEntities)
    {
        var text = new PrometheusText();
        foreach (var (webhook, sent, failed, retried) in alerts.Snapshot())
        {
            text.Counter("krglogs_alerts_sent_total", "Crash reports a webhook acknowledged (2xx), by this aggregator.", sent, ("webhook", webhook));
            text.Counter("krglogs_alerts_failed_total", "Webhook tries that failed (not 2xx, unreachable or timed out).", failed, ("webhook", webhook));
            text.Counter("krglogs_alerts_retried_total", "Webhook tries made again after a failure.", retried, ("webhook", webhook));
        }

        text.Gauge("krglogs_followers_connected", "Clients following a node's live lines on this aggregator.", followers.Connected);
        text.Counter("krglogs_followers_started_total", "Follow connections accepted since this aggregator started.", followers.Started);
        text.Counter("krglogs_followers_dropped_total", "Followers disconnected for falling too far behind.", followers.Dropped);
        var (buckets, sum, count) = PersistLatency.Snapshot();
        text.Histogram("krglogs_persist_latency_seconds", "Time from a batch's arrival at its node entity to its persisted acknowledgement (entities on this aggregator).", buckets, sum, count);
        if (activeEntities is { } active)
        {
            text.Gauge("krglogs_entities_active", "Node entities running on this aggregator (shard region state).", active);
        }

        return text.ToString();
    }
}
