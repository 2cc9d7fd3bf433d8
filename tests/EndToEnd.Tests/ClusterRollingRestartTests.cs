using System.Diagnostics;
using System.Globalization;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>Every aggregator stopped cleanly and started again, one at a time, while 32 nodes keep sending.</summary>
[Collection(LocalClusterCollection.Name)]
public sealed class ClusterRollingRestartTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 32;

    [Fact]
    public Task A_rolling_restart_of_all_aggregators_under_load_loses_and_doubles_nothing() => fixture.Cluster.ExplainingFailuresAsync(RunAsync);

    private async Task RunAsync()
    {
        var cluster = fixture.Cluster;
        await using var sender = new SteadySender(block: 2, Nodes, n => cluster.ReceiverUdpPort(1 + (n % 2)), TimeSpan.FromMilliseconds(100));
        sender.Start(maxRounds: 950); // a bound: the restarts take well under the ~95 s it would allow
        var took = Stopwatch.StartNew();
        foreach (var member in new[] { "a1", "a2", "a3" })
        {
            await cluster.RunAsync("term", member);
            await cluster.RunAsync("restart", member);
        }

        var restarts = took.Elapsed;
        await sender.StopAsync();
        using var api = fixture.Api(1);
        var figures = await DeliveryFigures.CollectAsync(api, sender, TimeSpan.FromSeconds(120));

        var report = string.Create(CultureInfo.InvariantCulture, $"{figures.Summary("rolling restart (a1, a2, a3)", figures.Sent)}; restarts took {restarts.TotalSeconds:F1} s");
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.Empty(figures.OutOfOrder);
    }
}
