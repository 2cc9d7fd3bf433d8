using System.Globalization;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A standalone receiver killed with SIGKILL under load and started again: it rejoins and forwards again. The only
/// lines that may be lost are those sent to it while it was down or still unacknowledged in its outbox at the kill;
/// the test counts them (sent − persisted) and checks them against what went to that receiver in that span.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class ReceiverRestartTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 32;

    // A batch is normally acked within a few hundred ms; one sent this long before the kill is surely persisted.
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(5);

    [Fact]
    public Task A_killed_receiver_rejoins_and_only_what_it_held_or_missed_is_lost() => fixture.Cluster.ExplainingFailuresAsync(RunAsync);

    private async Task RunAsync()
    {
        var cluster = fixture.Cluster;
        var r1 = cluster.ReceiverUdpPort(1);
        var r2 = cluster.ReceiverUdpPort(2);
        await using var sender = new SteadySender(block: 4, Nodes, n => n % 2 == 0 ? r1 : r2, TimeSpan.FromMilliseconds(100));
        sender.Start(maxRounds: 900);
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= 20, TimeSpan.FromSeconds(30), "the nodes are sending");

        await cluster.RunAsync("kill", "r2");
        var killedAt = sender.Elapsed;
        var roundAtKill = sender.Rounds;
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= roundAtKill + 10, TimeSpan.FromSeconds(30), "lines go to the dead receiver for a while");
        await cluster.RunAsync("restart", "r2");
        var upAt = sender.Elapsed;
        var roundAtUp = sender.Rounds;
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= roundAtUp + 30, TimeSpan.FromSeconds(30), "sending goes on through the restarted receiver");
        await sender.StopAsync();

        using var api = fixture.Api(1);
        var figures = await DeliveryFigures.CollectAsync(api, sender, TimeSpan.FromSeconds(120));
        var atRisk = sender.SentThrough(r2, killedAt - InFlight, upAt);
        var missedWhileDown = sender.SentThrough(r2, killedAt, upAt);
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{figures.Summary("receiver r2 SIGKILL + restart", figures.Sent - missedWhileDown)} (accepted ≈ sent − {missedWhileDown} sent to r2 while down); lost {figures.Lost} ≤ {atRisk} sent to r2 from {InFlight.TotalSeconds:F0} s before the kill until it was up again");
        output.WriteLine(report);
        Console.WriteLine(report);

        Assert.Equal(0, figures.Duplicated);
        Assert.Empty(figures.OutOfOrder);
        Assert.InRange(figures.Lost, 0, atRisk);
        for (var n = 0; n < Nodes; n += 2)
        {
            Assert.Equal(sender.SentTo(n), figures.Stored[n]); // through r1: all of it
        }

        for (var n = 1; n < Nodes; n += 2)
        {
            // Through r2: everything sent after it was up again is there (it rejoined and forwards).
            var afterRestart = sender.SentTo(n).Where(l => Index(l) >= roundAtUp);
            Assert.Empty(afterRestart.Except(figures.Stored[n]));
        }
    }

    private static int Index(string line) => int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
