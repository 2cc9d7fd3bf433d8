namespace KrgLogs.Aggregator.Metrics;

/// <summary>The Prometheus metric types this service exposes (no histograms or summaries yet).</summary>
public enum MetricKind
{
    Counter,
    Gauge,
}
