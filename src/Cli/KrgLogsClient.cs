using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KrgLogs.Cli;

/// <summary>A thin HTTP client of one aggregator's API.</summary>
public sealed class KrgLogsClient(HttpClient http) : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<List<NodeSummary>> NodesAsync(CancellationToken cancel) =>
        GetAsync<List<NodeSummary>>("api/nodes", cancel);

    public Task<NodeLines> TailAsync(string node, int count, CancellationToken cancel) =>
        GetAsync<NodeLines>($"api/nodes/{Uri.EscapeDataString(node)}/lines?tail={count}", cancel);

    /// <summary>One page of a node's lines in a time range (oldest first), from the search index.</summary>
    public Task<NodeLines> LinesAsync(string node, string? from, string? to, int limit, string? after, CancellationToken cancel) =>
        GetAsync<NodeLines>($"api/nodes/{Uri.EscapeDataString(node)}/lines{Query(("from", from), ("to", to), ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("after", after))}", cancel);

    /// <summary>One page of search hits across all nodes, newest first.</summary>
    public Task<SearchResult> SearchAsync(string text, string? node, string? stream, bool regex, string? from, string? to, int limit, string? after, CancellationToken cancel) =>
        GetAsync<SearchResult>(
            "api/search" + Query(
                ("q", text), ("node", node), ("stream", stream), ("re", regex ? "true" : null), ("from", from), ("to", to),
                ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("after", after)),
            cancel);

    public Task<List<Crash>> CrashesAsync(string? node, CancellationToken cancel) =>
        GetAsync<List<Crash>>(node is null ? "api/crashes" : $"api/crashes?node={Uri.EscapeDataString(node)}", cancel);

    public Task<Crash> CrashAsync(string id, CancellationToken cancel) =>
        GetAsync<Crash>($"api/crashes/{Uri.EscapeDataString(id)}", cancel);

    /// <summary>Server-sent events of a stream, as (event name, data) pairs, until cancelled.</summary>
    public async IAsyncEnumerable<(string Event, string Data)> EventsAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        await foreach (var e in ServerEventsAsync(path, null, cancel))
        {
            yield return (e.Event, e.Data);
        }
    }

    /// <summary>
    /// Server-sent events of a stream with their ids, until the server ends it or <paramref name="cancel"/>;
    /// <paramref name="lastEventId"/> is sent as <c>Last-Event-ID</c> (resume after it).
    /// </summary>
    public async IAsyncEnumerable<ServerEvent> ServerEventsAsync(string path, string? lastEventId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        await ThrowIfFailed(response, cancel);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
        string? name = null;
        string? id = null;
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Length > 0)
                {
                    yield return new ServerEvent(name ?? "message", data.ToString(), id);
                }

                name = null;
                id = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
            }
        }
    }

    public async Task<string> GetRawAsync(string path, CancellationToken cancel)
    {
        using var response = await http.GetAsync(path, cancel);
        await ThrowIfFailed(response, cancel);
        return await response.Content.ReadAsStringAsync(cancel);
    }

    /// <summary><c>?a=1&amp;b=2</c> of the parameters that have a value, escaped.</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancel)
    {
        using var response = await http.GetAsync(path, cancel);
        await ThrowIfFailed(response, cancel);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancel)
            ?? throw new CliException(ExitCodes.ServerError, $"empty answer from {path}");
    }

    private static async Task ThrowIfFailed(HttpResponseMessage response, CancellationToken cancel)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string message;
        try
        {
            message = (await response.Content.ReadFromJsonAsync<ApiError>(Json, cancel))?.Error ?? response.ReasonPhrase ?? "error";
        }
        catch (JsonException)
        {
            message = response.ReasonPhrase ?? "error";
        }

        throw new CliException(
            response.StatusCode switch
            {
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.BadRequest => ExitCodes.Usage,
                HttpStatusCode.Unauthorized => ExitCodes.Unauthorized,
                _ => ExitCodes.ServerError,
            },
            KrgLogs.Shared.Text.EscapedText.Escape(message)); // the server may quote what a node sent
    }

    public void Dispose() => http.Dispose();
}
