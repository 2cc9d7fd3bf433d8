using System.Net.Http.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>A search hit as the API returns it: the node, then every line field.</summary>
public sealed record ApiHit(
    string Node,
    string Text,
    DateTimeOffset ReceivedAt,
    string Stream,
    int? Level,
    int? Facility,
    double? KernelTime,
    long? Seq,
    string? Caller,
    int Boot,
    string? Host,
    string? App,
    string? ProcId,
    List<string>? Flags);

public sealed record ApiSearch(List<ApiHit> Hits, string? Next);

public sealed record ApiLinePage(string Node, List<ApiLine> Lines, long LineCount, string? Next);

public static class SearchApi
{
    private const int MaxPages = 2000;

    /// <summary>Every hit of a search (the query string without <c>after</c>), following <c>next</c> to the end.</summary>
    public static async Task<List<ApiHit>> SearchAllAsync(this AggregatorProcess aggregator, string query)
    {
        var all = new List<ApiHit>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await aggregator.GetJsonAsync<ApiSearch>("api/search?" + query + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after)));
            all.AddRange(result.Hits);
            if ((after = result.Next) is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException($"search '{query}' did not end within {MaxPages} pages");
    }

    /// <summary>Every line of a node's range read, following <c>next</c> to the end.</summary>
    public static async Task<List<ApiLine>> RangeAllAsync(this AggregatorProcess aggregator, string node, string query)
    {
        var all = new List<ApiLine>();
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await aggregator.Http.GetFromJsonAsync<ApiLinePage>(
                $"api/nodes/{Uri.EscapeDataString(node)}/lines?{query}{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}",
                AggregatorProcess.Json);
            all.AddRange(result!.Lines);
            if ((after = result.Next) is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException($"range '{query}' did not end within {MaxPages} pages");
    }

    /// <summary>Waits until a search finds at least <paramref name="count"/> hits (the index is a projection: about a second behind).</summary>
    public static Task<List<ApiHit>> WaitForHitsAsync(this AggregatorProcess aggregator, string query, int count, int seconds = 60) =>
        Eventually.Get<List<ApiHit>>(async () => await aggregator.SearchAllAsync(query), hits => hits.Count >= count, TimeSpan.FromSeconds(seconds), $"search '{query}' finds {count}");
}
