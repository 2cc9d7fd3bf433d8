using KrgLogs.Aggregator.Hosting;

namespace KrgLogs.Aggregator.Search;

public static class SearchHosting
{
    /// <summary>
    /// The index (SQLite beside the journal, or the PostgreSQL tables when clustered) and the search over it. With
    /// <c>--no-index</c> the search is registered turned off, so its endpoints answer 503 rather than vanish.
    /// </summary>
    public static IServiceCollection AddKrgSearch(this IServiceCollection services, AggregatorOptions options)
    {
        if (!options.UseIndex)
        {
            return services.AddSingleton(new LineSearch(null));
        }

        services.AddSingleton<LineIndex>(_ => options.Postgres is { } postgres
            ? new PostgresLineIndex(postgres)
            : new SqliteLineIndex(options.IndexDatabasePath));
        return services.AddSingleton(provider => new LineSearch(provider.GetRequiredService<LineIndex>(), options.IndexScanBudget, options.IndexScanTime));
    }
}
