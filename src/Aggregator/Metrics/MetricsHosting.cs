namespace KrgLogs.Aggregator.Metrics;

/// <summary>Registers what <c>/metrics</c> needs; its bounds come from the <c>Metrics</c> configuration section.</summary>
public static class MetricsHosting
{
    public static IServiceCollection AddKrgMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions());
        services.AddSingleton<NodeScraper>();
        return services;
    }
}
