using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using KrgLogs.Aggregator.Alerts;
using KrgLogs.Aggregator.Follow;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text. Thin on purpose; what the page holds is <see cref="MetricsPage"/>.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", Scrape);
        return app;
    }

    private static async Task<IResult> Scrape(
        ReceiverCounters receiver,
        NodeScraper scraper,
        TimeProvider time,
        AlertCounters alerts,
        FollowCounters followers,
        IRequiredActor<NodeLogRegion> region,
        CancellationToken cancel)
    {
        var nodes = await scraper.ScrapeAsync(cancel);
        var page = MetricsPage.Render(
            receiver,
            nodes,
            (scraper.SkippedOverCapTotal, scraper.SkippedTimedOutTotal),
            time.GetUtcNow(),
            ProcessFacts.Now());
        // --- Alerts, followers, persist latency, active entities ---
        page += AlertMetrics.Render(alerts, followers, await ActiveEntitiesAsync(region, cancel));
        return Results.Text(page, PrometheusText.ContentType);
    }

    /// <summary>Entities of this member's shard region; left out of the page when the region does not answer in time.</summary>
    private static async Task<int?> ActiveEntitiesAsync(IRequiredActor<NodeLogRegion> region, CancellationToken cancel)
    {
        try
        {
            var state = await region.ActorRef.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(2), cancel);
            return state.Shards.Sum(s => s.EntityIds.Count);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
