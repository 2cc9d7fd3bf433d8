using System.Net.Http.Json;
using System.Text.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>The same real panic replayed from two nodes is one incident in the API and the CLI.</summary>
[Collection(AlertsCollection.Name)]
public sealed class IncidentTests(AggregatorFixture fixture)
{
    public sealed record IncidentDto(string Id, string Title, string Kind, List<string> Nodes, List<string> CrashIds, DateTimeOffset FirstAt, DateTimeOffset LastAt);

    [Fact]
    public async Task A_panic_on_two_nodes_is_one_incident()
    {
        var aggregator = fixture.Aggregator;
        string[] nodes = ["127.0.0.31", "127.0.0.32"];
        await Task.WhenAll(
            CaptureReplay.SendAsync("plain.jsonl", nodes[0], aggregator.UdpPort),
            CaptureReplay.SendAsync("extended.jsonl", nodes[1], aggregator.UdpPort));

        var incidents = await Eventually.Get(
            () => aggregator.Http.GetFromJsonAsync<List<IncidentDto>>("api/incidents", AggregatorProcess.Json),
            list => list.Any(i => nodes.All(i.Nodes.Contains)),
            TimeSpan.FromSeconds(60),
            "an incident on both nodes");

        var incident = incidents.Single(i => nodes.All(i.Nodes.Contains));
        Assert.Equal("kernel panic: sysrq triggered crash", incident.Title);
        Assert.Equal("panic", incident.Kind);
        Assert.True(incident.CrashIds.Count >= 2);
        Assert.True(incident.FirstAt <= incident.LastAt);
        var crashes = await aggregator.Http.GetFromJsonAsync<List<JsonElement>>("api/crashes", AggregatorProcess.Json);
        var ids = crashes!.Select(c => c.GetProperty("id").GetString()).ToHashSet();
        Assert.All(incident.CrashIds, id => Assert.Contains(id, ids));

        var all = await aggregator.Http.GetFromJsonAsync<List<IncidentDto>>("api/incidents?all=true", AggregatorProcess.Json);
        Assert.True(all!.Count >= incidents.Count);
        using var bad = await aggregator.Http.GetAsync("api/incidents?all=maybe");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);

        var json = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "incidents", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains(json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => JsonSerializer.Deserialize<IncidentDto>(l, AggregatorProcess.Json)!.Id == incident.Id);
        var table = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "incidents");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("127.0.0.31,127.0.0.32", table.Stdout, StringComparison.Ordinal);
    }
}
