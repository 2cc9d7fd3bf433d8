using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Search;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Api;

/// <summary>
/// Search across all nodes, and a node's lines by time range: both read the search index (a read-side
/// projection of the journal, about a second behind), never the events themselves.
/// </summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", Search)
            .WithName("Search")
            .Produces<SearchResultDto>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Whether a lines request asks for a range (served here) rather than the entity's in-memory tail.</summary>
    public static bool IsRange(string? from, string? to, string? limit, string? after, string? order) =>
        from is not null || to is not null || limit is not null || after is not null || order is not null;

    /// <summary>Newest first; <c>q</c> is a case-insensitive substring, or a .NET regex with <c>re=true</c>.</summary>
    private static async Task<IResult> Search(
        string? q, string? node, string? stream, string? from, string? to, string? limit, string? re, string? after, LineSearch search, CancellationToken cancel)
    {
        var (query, error) = LineQueryParser.Parse(q, node, stream, from, to, limit, re, after);
        if (query is null)
        {
            return ApiError.BadRequest(error!);
        }

        return await Page(search, query, page => Results.Ok(new SearchResultDto([.. page.Hits.Select(SearchHitDto.From)], page.Next)), cancel);
    }

    /// <summary>A node's lines in a time range, oldest first unless <c>order=desc</c>.</summary>
    public static async Task<IResult> RangeAsync(
        string node,
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
        var (query, error) = LineQueryParser.Parse(node: node, from: from, to: to, limit: limit, after: after, order: order, descendingByDefault: false);
        if (query is null)
        {
            return ApiError.BadRequest(error!);
        }

        var status = await region.ActorRef.Ask<NodeStatus>(new GetNodeStatus(node), options.QueryTimeout, cancel);
        if (!status.Exists)
        {
            return ApiError.NotFound($"no node named '{node}' has sent anything");
        }

        return await Page(
            search,
            query,
            page => Results.Ok(new NodeLinesDto(node, [.. page.Hits.Select(h => LineDto.From(h.Line))], status.LineCount, page.Next)),
            cancel);
    }

    private static async Task<IResult> Page(LineSearch search, LineQuery query, Func<SearchPage, IResult> answer, CancellationToken cancel)
    {
        if (!search.Enabled)
        {
            return ApiError.Unavailable("the search index is turned off on this aggregator (--no-index)");
        }

        try
        {
            return answer(await search.RunAsync(query, cancel));
        }
        catch (RegexMatchTimeoutException)
        {
            return ApiError.BadRequest($"the regular expression took longer than {LineQueryParser.RegexTimeout.TotalMilliseconds} ms on one line: simplify it");
        }
    }
}
