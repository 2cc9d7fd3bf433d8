using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The cluster of deploy/local-cluster.sh (3 aggregators, 2 receivers, PostgreSQL): 64 nodes send numbered lines
/// at a steady rate, one aggregator is killed with SIGKILL mid-stream, and every line is still there once, in order.
/// The fail-over time (kill → every node has stored a line sent after the kill) is printed, not asserted.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class FailoverTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 64;

    [Fact]
    public async Task Killing_an_aggregator_mid_stream_loses_and_doubles_nothing()
    {
        var cluster = fixture.Cluster;
        using var api = fixture.Api(1);
        await using var sender = new SteadySender(block: 1, Nodes, n => cluster.ReceiverUdpPort(1 + (n % 2)), TimeSpan.FromMilliseconds(50));
        sender.Start(maxRounds: 900);
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= 20, TimeSpan.FromSeconds(30), "the nodes are sending");

        await cluster.RunAsync("kill", "a2");
        var killedAt = Stopwatch.StartNew();
        var roundAtKill = sender.Rounds;

        // Every node polled on its own: a node whose shard was on a2 does not hold up the others' answers.
        using var probe = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var answered = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(async n =>
        {
            await Eventually.Get(
                async () => (await probe.GetFromJsonAsync<DeliveryFigures.LinesDto>($"api/nodes/{sender.Address(n)}/lines?tail=1", AggregatorProcess.Json))?.Lines,
                l => l.Count == 1 && Index(l[0].Text) >= roundAtKill,
                TimeSpan.FromSeconds(120),
                $"node {sender.Address(n)} stores lines sent after the kill");
            return killedAt.Elapsed;
        }));
        var failover = answered.Max();

        await sender.StopAsync();
        var figures = await DeliveryFigures.CollectAsync(api, sender, TimeSpan.FromSeconds(120));
        await cluster.RunAsync("restart", "a2");

        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{figures.Summary("failover (SIGKILL a2)", figures.Sent)}; fail-over kill → all {Nodes} nodes answering again {failover.TotalSeconds:F1} s (median node {answered.Order().ElementAt(Nodes / 2).TotalSeconds:F1} s)");
        output.WriteLine(report);
        Console.WriteLine(report);

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.Empty(figures.OutOfOrder);
        for (var n = 0; n < Nodes; n++)
        {
            Assert.Equal(sender.SentTo(n), figures.Stored[n]);
        }
    }

    private static int Index(string line) => int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
