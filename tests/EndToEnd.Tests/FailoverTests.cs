using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The cluster of deploy/local-cluster.sh (3 aggregators, 2 receivers, PostgreSQL): 64 nodes send numbered lines
/// at a steady rate, one aggregator is killed with SIGKILL (or stopped cleanly with SIGTERM) mid-stream, and every
/// line is still there once, in order. The fail-over time (kill or stop → every node has stored a line sent after
/// it) is printed, not asserted.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class FailoverTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 64;

    [Fact]
    public Task Killing_an_aggregator_mid_stream_loses_and_doubles_nothing() =>
        fixture.Cluster.ExplainingFailuresAsync(() => LoseAnAggregatorAsync("kill", "a2", block: 1));

    /// <summary>A clean stop hands the member's shards over at once instead of waiting for the failure detector.</summary>
    [Fact]
    public Task Stopping_an_aggregator_cleanly_mid_stream_loses_and_doubles_nothing() =>
        fixture.Cluster.ExplainingFailuresAsync(() => LoseAnAggregatorAsync("term", "a3", block: 5));

    private async Task LoseAnAggregatorAsync(string how, string member, int block)
    {
        var cluster = fixture.Cluster;
        using var api = fixture.Api(1);
        // Every node polled on its own with a short timeout: a node whose shard was on the lost member does not hold
        // up the others' answers, and a query stuck on that member is asked again soon.
        using var probe = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await using var sender = new SteadySender(block, Nodes, n => cluster.ReceiverUdpPort(1 + (n % 2)), TimeSpan.FromMilliseconds(200));
        // At most 950 lines a node: the API's tail (1000) must hold them all for the count. 5 lines/s a node (320/s in
        // all): on a loaded 2-core machine a faster stream lags by itself and the lag hides the fail-over.
        sender.Start(maxRounds: 950);
        // Fail-over is measured from a steady state: every node's entity placed and answering. How long a line takes
        // to be answered for every node without any failure is measured the same way, for comparison.
        await AllNodesAnswerAsync(probe, sender, round: 0, Stopwatch.StartNew());
        var (calm, _) = await AllNodesAnswerAsync(probe, sender, sender.Rounds, Stopwatch.StartNew());

        var at = DateTime.UtcNow;
        var since = Stopwatch.StartNew();
        var round = sender.Rounds;
        var losing = cluster.RunAsync(how, member);
        var (slowest, median) = await AllNodesAnswerAsync(probe, sender, round, since);
        await losing;

        await sender.StopAsync();
        var figures = await DeliveryFigures.CollectAsync(api, sender, TimeSpan.FromSeconds(120));
        await cluster.RunAsync("restart", member);

        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{figures.Summary($"failover ({(how == "kill" ? "SIGKILL" : "SIGTERM")} {member})", figures.Sent)}; fail-over {how} → all {Nodes} nodes answering again {slowest.TotalSeconds:F1} s (median node {median.TotalSeconds:F1} s; {how} at {at:HH:mm:ss.fff} UTC; without a failure all answer within {calm.TotalSeconds:F1} s)");
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

    /// <summary>Waits until every node has stored a line of <paramref name="round"/> or later; the slowest and the median node's time.</summary>
    private static async Task<(TimeSpan Slowest, TimeSpan Median)> AllNodesAnswerAsync(HttpClient probe, SteadySender sender, int round, Stopwatch since)
    {
        var answered = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(async n =>
        {
            await Eventually.Get(
                async () => (await probe.GetFromJsonAsync<DeliveryFigures.LinesDto>($"api/nodes/{sender.Address(n)}/lines?tail=1", AggregatorProcess.Json))?.Lines,
                l => l.Count == 1 && Index(l[0].Text) >= round,
                TimeSpan.FromSeconds(120),
                $"node {sender.Address(n)} stores lines of round {round} or later");
            return since.Elapsed;
        }));
        return (answered.Max(), answered.Order().ElementAt(Nodes / 2));
    }

    private static int Index(string line) => int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
