using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// <c>/api/nodes/{node}/follow</c>: a client sees the node's last lines, then a line sent after it connected, as
/// server-sent events, and the follower shows in /metrics. (Crashes over SSE: <see cref="CrashAlertTests"/>.)
/// </summary>
[Collection(AlertsCollection.Name)]
public sealed class FollowTests(AggregatorFixture fixture)
{
    [Fact]
    public async Task A_follower_sees_the_tail_then_a_line_sent_after_it_connected()
    {
        var aggregator = fixture.Aggregator;
        const string Node = "127.0.0.21";
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        await udp.SendAsync(Encoding.UTF8.GetBytes("before follow\n"), target);
        await Eventually.Get(() => aggregator.TailAsync(Node), l => l.Count == 1, TimeSpan.FromSeconds(30), "the first line is stored");

        using var sse = new HttpClient { BaseAddress = aggregator.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await sse.GetAsync($"api/nodes/{Node}/follow?tail=5", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var tail = await SseEvents.NextAsync(events, cancel.Token);
        Assert.Equal("line", tail.Name);
        Assert.Equal("before follow", JsonSerializer.Deserialize<ApiLine>(tail.Data, AggregatorProcess.Json)!.Text);
        Assert.Equal("live", (await SseEvents.NextAsync(events, cancel.Token)).Name);

        var fresh = $"after connect {Guid.NewGuid():N}";
        await udp.SendAsync(Encoding.UTF8.GetBytes(fresh + "\n"), target);
        var live = await SseEvents.NextAsync(events, cancel.Token);
        Assert.Equal("line", live.Name);
        var line = JsonSerializer.Deserialize<ApiLine>(live.Data, AggregatorProcess.Json)!;
        Assert.Equal(fresh, line.Text);

        var metrics = await aggregator.Http.GetStringAsync("metrics", cancel.Token);
        // At least this one: another test's follower may not be noticed as gone yet.
        Assert.True((await Metrics.ScrapeAsync(aggregator.Http))!.Value("krglogs_followers_connected") >= 1, "krglogs_followers_connected ≥ 1");
        Assert.Contains("# TYPE krglogs_persist_latency_seconds histogram", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follower_that_starts_at_the_tail_cursor_gets_a_line_stored_between_tail_and_connect()
    {
        var aggregator = fixture.Aggregator;
        const string Node = "127.0.0.22";
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        await udp.SendAsync(Encoding.UTF8.GetBytes("shown in the tail\n"), target);
        await Eventually.Get(() => aggregator.TailAsync(Node), l => l.Count == 1, TimeSpan.FromSeconds(30), "the first line is stored");

        // What the web page does: the tail, then /follow from the cursor the tail gave.
        using var tail = JsonDocument.Parse(await aggregator.Http.GetStringAsync($"api/nodes/{Node}/lines?tail=10"));
        var cursor = tail.RootElement.GetProperty("follow").GetString();
        Assert.False(string.IsNullOrEmpty(cursor));

        // A line stored after the tail was read and before the follower connects: the race the cursor closes.
        var between = $"between {Guid.NewGuid():N}";
        await udp.SendAsync(Encoding.UTF8.GetBytes(between + "\n"), target);
        await Eventually.Get(() => aggregator.TailAsync(Node), l => l.Count == 2, TimeSpan.FromSeconds(30), "the second line is stored");

        using var sse = new HttpClient { BaseAddress = aggregator.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await sse.GetAsync($"api/nodes/{Node}/follow?after={Uri.EscapeDataString(cursor!)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("live", (await SseEvents.NextAsync(events, cancel.Token)).Name);
        var first = await SseEvents.NextAsync(events, cancel.Token);
        Assert.Equal("line", first.Name);
        Assert.Equal(between, JsonSerializer.Deserialize<ApiLine>(first.Data, AggregatorProcess.Json)!.Text); // not the tail's line again
    }

    [Fact]
    public async Task A_bad_tail_is_refused()
    {
        using var response = await fixture.Aggregator.Http.GetAsync("api/nodes/x/follow?tail=-1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
