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
        HttpContext context,
        CancellationToken cancel)
    {
        // The journal down (a PostgreSQL outage) must not take the page down: the receiver's holding and resending
        // is what an operator needs to see then.
        NodeScrape nodes;
        var journalUp = true;
        try
        {
            nodes = await scraper.ScrapeAsync(cancel);
        }
        catch (Exception) when (!cancel.IsCancellationRequested)
        {
            nodes = new NodeScrape(0, [], 0, 0);
            journalUp = false;
        }

        var page = MetricsPage.Render(
            receiver,
            nodes,
            (scraper.SkippedOverCapTotal, scraper.SkippedTimedOutTotal),
            time.GetUtcNow(),
            ProcessFacts.Now(),
            context.RequestServices.GetService<KrgLogs.Shared.Ingest.NodeQuota>());
        page += new PrometheusText().Gauge("krglogs_journal_up", "1 when this scrape could list the nodes from the journal, 0 when the journal did not answer (node metrics left out).", journalUp ? 1 : 0).ToString();
        page += TcpMetrics.Render(receiver.Tcp); // --- TCP syslog limits ---
        page += JournalFailures.Render();
        page += context.RequestServices.GetService<KrgLogs.Aggregator.Hosting.JournalSync>()?.Render();
        page += KrgLogs.Aggregator.Projections.NodeFileTrimCounts.Render(); // --- per-node files retention ---
        page += UdpMetrics.Render(receiver);
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
