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

    private static async Task<IResult> Scrape(ReceiverCounters receiver, NodeScraper scraper, TimeProvider time, HttpContext context, CancellationToken cancel)
    {
        var nodes = await scraper.ScrapeAsync(cancel);
        var page = MetricsPage.Render(
            receiver,
            nodes,
            (scraper.SkippedOverCapTotal, scraper.SkippedTimedOutTotal),
            time.GetUtcNow(),
            ProcessFacts.Now(),
            context.RequestServices.GetService<KrgLogs.Shared.Ingest.NodeQuota>());
        return Results.Text(page, PrometheusText.ContentType);
    }
}
