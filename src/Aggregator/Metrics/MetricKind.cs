namespace KrgLogs.Aggregator.Metrics;

/// <summary>The Prometheus metric types this service exposes (no summaries).</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
