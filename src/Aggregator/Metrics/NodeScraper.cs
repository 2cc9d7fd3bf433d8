using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Asks each known node's entity for its status, as <c>GET /api/nodes</c> does, but bounded: at most
/// <see cref="MetricsOptions.MaxNodes"/> nodes, a timeout per ask, a budget for the whole scrape. What is left out is
/// counted (here, across scrapes) so a partial page is visible as such.
/// </summary>
public sealed class NodeScraper(NodeDirectory directory, IRequiredActor<NodeLogRegion> region, MetricsOptions options)
{
    private long _skippedOverCap;
    private long _skippedTimedOut;

    public long SkippedOverCapTotal => Interlocked.Read(ref _skippedOverCap);

    public long SkippedTimedOutTotal => Interlocked.Read(ref _skippedTimedOut);

    public async Task<NodeScrape> ScrapeAsync(CancellationToken cancel)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        budget.CancelAfter(options.ScrapeBudget);
        var known = await directory.KnownNodesAsync(budget.Token);
        var asked = known.Order(StringComparer.Ordinal).Take(Math.Max(0, options.MaxNodes)).ToList();
        var overCap = known.Count - asked.Count;
        var answers = new NodeStatus?[asked.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, asked.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = budget.Token },
                async (i, token) => answers[i] = await AskAsync(asked[i], token));
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // The budget ran out: report what came back; the unanswered count as timed out below.
        }

        var statuses = answers.OfType<NodeStatus>().ToList();
        var timedOut = asked.Count - statuses.Count;
        Interlocked.Add(ref _skippedOverCap, overCap);
        Interlocked.Add(ref _skippedTimedOut, timedOut);
        return new NodeScrape(known.Count, [.. statuses.Where(s => s.Exists)], overCap, timedOut);
    }

    private async Task<NodeStatus?> AskAsync(string node, CancellationToken cancel)
    {
        try
        {
            return await region.ActorRef.Ask<NodeStatus>(new GetNodeStatus(node), options.AskTimeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
