using Akka.Actor;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.Search;

namespace KrgLogs.Aggregator.Projections;

public static class LinesProjectionsHosting
{
    /// <summary>
    /// The projections fed from this process's journal reader: the per-node files, and the search index when it is
    /// SQLite (with PostgreSQL the index is one cluster-wide writer, see <see cref="SearchIndexerHosting"/>).
    /// Registered after AddAkka and AddKrgSearch, so the actor system is up when they start and the index is there.
    /// </summary>
    public static IServiceCollection AddLinesProjections(this IServiceCollection services, AggregatorOptions options)
    {
        var files = options.WriteLogFiles;
        var index = options.UseIndex && options.Postgres is null;
        if (!files && !index)
        {
            return services;
        }

        return services.AddHostedService(provider =>
        {
            var projections = new List<ILinesProjection>();
            if (files)
            {
                projections.Add(new NodeFilesProjection(options.LogDirectory, provider.GetRequiredService<ILogger<NodeFilesProjection>>()));
            }

            if (index)
            {
                projections.Add(new IndexProjection(provider.GetRequiredService<LineIndex>()));
            }

            return new LinesProjections(provider.GetRequiredService<ActorSystem>(), projections, provider.GetRequiredService<ILogger<LinesProjections>>(), provider.GetService<JournalSync>());
        });
    }
}
