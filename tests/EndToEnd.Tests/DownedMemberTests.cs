using System.Globalization;
using System.Text.RegularExpressions;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A receiver frozen (SIGSTOP) until the cluster downs it: when it wakes it cannot rejoin as it is, so it exits 3,
/// its supervisor (local-cluster.sh here, systemd's Restart=on-failure in deploy/systemd) starts it again, and it
/// forwards again. Before, a downed member exited 0 and stayed down.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed partial class DownedMemberTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 8;

    [Fact]
    public Task A_receiver_the_cluster_downed_exits_3_is_started_again_and_forwards_again() => fixture.Cluster.ExplainingFailuresAsync(RunAsync);

    private async Task RunAsync()
    {
        var cluster = fixture.Cluster;
        var before = cluster.LogOf("r1");

        // Detection (heartbeat pause) + the resolver's stable-after is about 5 s with the default tuning.
        await cluster.RunAsync("pause", "r1", "15");
        // Up again: its sockets are open once it logs so (it may still be joining; what it takes meanwhile waits in its outbox).
        var log = await Eventually.Get(
            () => Task.FromResult<string?>(cluster.LogOf("r1")),
            l => ExitedWith3().Count(l) > ExitedWith3().Count(before) && ReceiverUp().Count(l) > ReceiverUp().Count(before),
            TimeSpan.FromSeconds(90),
            "r1 exits after being downed, is started again and opens its sockets");
        Assert.Contains("left the cluster without being asked to (ClusterDowningReason); exiting with 3", log, StringComparison.Ordinal);

        // Started again, it rejoins and forwards: every line sent through it from now on is stored.
        using var api = fixture.Api(1);
        await using var sender = new SteadySender(block: 6, Nodes, _ => cluster.ReceiverUdpPort(1), TimeSpan.FromMilliseconds(200));
        sender.Start(maxRounds: 25);
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= 25, TimeSpan.FromSeconds(60), "the nodes have sent");
        await sender.StopAsync();
        var figures = await DeliveryFigures.CollectAsync(api, sender, TimeSpan.FromSeconds(120));
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{figures.Summary("receiver r1 downed, exited 3, started again", figures.Sent)}");
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.Empty(figures.OutOfOrder);
    }


    [GeneratedRegex("^local-cluster: r1 exited with 3; starting it again", RegexOptions.Multiline)]
    private static partial Regex ExitedWith3();

    [GeneratedRegex("krglogs receiver up")]
    private static partial Regex ReceiverUp();
}
