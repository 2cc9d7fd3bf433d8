namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Bounds on a <c>/metrics</c> scrape, which asks every known node's entity for its status. Bound from the
/// <c>Metrics</c> configuration section (<c>KRGLOGS_METRICS__MAX_NODES=10000</c>).
/// </summary>
public sealed record MetricsOptions
{
    /// <summary>Nodes asked per scrape (in name order); the rest are counted as skipped, so a huge fleet cannot stall a scrape.</summary>
    public int MaxNodes { get; init; } = 5000;

    /// <summary>Per-entity ask timeout: a slow or recovering entity is skipped, not waited for.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whole-scrape budget for asking entities; Prometheus' own scrape timeout defaults to 10 s.</summary>
    public TimeSpan ScrapeBudget { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Asks in flight at once: enough to be quick, few enough not to wake thousands of entities at once.</summary>
    public int Parallelism { get; init; } = 32;
}
