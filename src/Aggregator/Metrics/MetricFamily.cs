namespace KrgLogs.Aggregator.Metrics;

/// <summary>One metric family of a page: its samples already rendered (labels and value), in the order added.</summary>
internal sealed record MetricFamily(string Name, MetricKind Kind, string Help)
{
    public List<string> Samples { get; } = [];
}
