using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Streams;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.Projections;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The cluster's one search-index writer when the index is PostgreSQL, shared by every aggregator: an
/// <see cref="IndexProjection"/> on its own <see cref="LinesFeed"/>, which lives and dies with the actor (a cluster
/// singleton, so it moves to the next oldest member when this one leaves).
/// </summary>
public sealed class SearchIndexer(LineIndex index, ILogger logger) : ReceiveActor
{
    public static Props Props(LineIndex index, ILogger logger) => Akka.Actor.Props.Create(() => new SearchIndexer(index, logger));

    protected override void PreStart() => LinesFeed.Run(Context.System, [new IndexProjection(index)], logger, Context.Materializer());
}

public static class SearchIndexerHosting
{
    public const string ActorName = "search-indexer";

    /// <summary>
    /// SQLite: every aggregator has its own journal and its own index, so the index is one of the process's lines
    /// projections, fed with the per-node files by one journal reader (<see cref="LinesProjectionsHosting"/>). PostgreSQL:
    /// the journal and the index are shared, so one writer for the whole cluster is enough: a cluster singleton
    /// over the aggregator role (fail-over to the next oldest member). Two writers during a hand-over are still
    /// harmless: the write transaction locks the offset row and skips what is already stored.
    /// </summary>
    public static AkkaConfigurationBuilder AddSearchIndexerActor(this AkkaConfigurationBuilder builder, AggregatorOptions options, string role)
    {
        if (!options.UseIndex)
        {
            return builder;
        }

        builder.AddIndexTrimmerActor(options);
        if (options.Postgres is null)
        {
            return builder;
        }

        return builder.WithSingleton<SearchIndexer>(
            ActorName,
            (_, _, resolver) => SearchIndexer.Props(resolver.GetService<LineIndex>(), resolver.GetService<ILoggerFactory>().CreateLogger<SearchIndexer>()),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);
    }
}
