using System.Net;
using System.Net.Http.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>A line as the API returns it (all fields), and a way to wait for lines to show up.</summary>
public sealed record ApiLine(
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

public sealed record ApiLines(string Node, List<ApiLine> Lines, long LineCount);

public static class ApiLinesQuery
{
    public static async Task<List<ApiLine>?> TailAsync(this AggregatorProcess aggregator, string node, int count = 1000)
    {
        using var response = await aggregator.Http.GetAsync($"api/nodes/{Uri.EscapeDataString(node)}/lines?tail={count}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiLines>(AggregatorProcess.Json))!.Lines;
    }

    public static Task<List<ApiLine>> WaitForLinesAsync(this AggregatorProcess aggregator, string node, Func<List<ApiLine>, bool> done, string what, int seconds = 30) =>
        Eventually.Get(() => aggregator.TailAsync(node), done, TimeSpan.FromSeconds(seconds), what);
}
