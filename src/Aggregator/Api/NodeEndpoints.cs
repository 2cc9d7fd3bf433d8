using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Follow;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Search;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Api;

/// <summary>The node API: every answer comes from the node's entity, asked through the shard region.</summary>
public static class NodeEndpoints
{
    public const int MaxTail = 1000;

    public static IEndpointRouteBuilder MapNodeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/nodes", ListNodes);
        app.MapGet("/api/nodes/{node}", Status);
        app.MapGet("/api/nodes/{node}/lines", Tail);
        return app;
    }

    private static async Task<IResult> ListNodes(
        NodeDirectory directory,
        IRequiredActor<NodeLogRegion> region,
        CrashLog crashes,
        TimeProvider clock,
        AggregatorOptions options,
        CancellationToken cancel) =>
        Results.Ok(await directory.SummariesAsync(region.ActorRef, crashes, options.QueryTimeout, clock.GetUtcNow(), cancel));

    private static async Task<IResult> Status(string node, IRequiredActor<NodeLogRegion> region, AggregatorOptions options, CancellationToken cancel)
    {
        var status = await region.ActorRef.Ask<NodeStatus>(new GetNodeStatus(node), options.QueryTimeout, cancel);
        return status.Exists
            ? Results.Ok(new NodeStatusDto(status.Node, status.LastSeen, status.LineCount, status.CrashCount, status.Counters))
            : ApiError.NotFound($"no node named '{node}' has sent anything");
    }

    /// <summary>
    /// <c>?tail=N</c> (or nothing): the entity's in-memory tail, oldest first. Any of <c>from, to, limit, after,
    /// order</c>: a page of a time range from the search index (see <see cref="SearchEndpoints.RangeAsync"/>).
    /// </summary>
    private static async Task<IResult> Tail(
        string node,
        string? tail,
        string? from,
        string? to,
        string? limit,
        string? after,
        string? order,
        LineSearch search,
        IRequiredActor<NodeLogRegion> region,
        AggregatorOptions options,
        CancellationToken cancel)
    {
        if (SearchEndpoints.IsRange(from, to, limit, after, order))
        {
            return tail is not null
                ? ApiError.BadRequest("tail cannot be combined with from, to, limit, after or order")
                : await SearchEndpoints.RangeAsync(node, from, to, limit, after, order, search, region, options, cancel);
        }

        var count = 100;
        if (tail is not null && (!int.TryParse(tail, out count) || count < 1 || count > MaxTail))
        {
            return ApiError.BadRequest($"tail must be a whole number from 1 to {MaxTail}");
        }

        var answer = await region.ActorRef.Ask<NodeTail>(new GetTail(node, count), options.QueryTimeout, cancel);
        if (!answer.Exists)
        {
            return ApiError.NotFound($"no node named '{node}' has sent anything");
        }

        var follow = answer.UpToSeq > 0 ? FollowCursor.AfterEvent(answer.UpToSeq).ToString() : null;
        return Results.Ok(new NodeLinesDto(answer.Node, [.. answer.Lines.Select(l => LineDto.From(l))], answer.LineCount, Follow: follow));
    }
}
