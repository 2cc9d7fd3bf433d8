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

    public async Task<string> GetRawAsync(string path, CancellationToken cancel)
    {
        using var response = await http.GetAsync(path, cancel);
        await ThrowIfFailed(response, cancel);
        return await response.Content.ReadAsStringAsync(cancel);
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
                _ => ExitCodes.ServerError,
            },
            message);
    }

    public void Dispose() => http.Dispose();
}
