using System.Text.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>The HTTP API describes itself: an OpenAPI document at /openapi.json naming every endpoint.</summary>
public sealed class ApiDocumentTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        using var document = JsonDocument.Parse(await fixture.Aggregator.Http.GetStringAsync("openapi.json"));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "/api/nodes", "/api/nodes/{node}", "/api/nodes/{node}/lines", "/api/crashes", "/api/crashes/{id}", "/api/crashes/stream", "/healthz", "/api/search" },
            paths);
    }
}
