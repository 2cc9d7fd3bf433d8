using System.Globalization;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// PostgreSQL stopped for 20 s under load, then started: the receivers hold what they accepted and resend it, the
/// entities persist it once the journal is back. The outage shows in the members' logs and in /metrics.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class PostgresOutageTests(LocalClusterFixture fixture, ITestOutputHelper output)
{
    private const int Nodes = 32;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public Task Twenty_seconds_without_PostgreSQL_lose_nothing_and_show_in_logs_and_metrics() => fixture.Cluster.ExplainingFailuresAsync(RunAsync);

    private async Task RunAsync()
    {
        var cluster = fixture.Cluster;
        using var a1 = fixture.Api(1);
        // Half the nodes through a1's embedded receiver, so a1's /metrics shows that receiver holding and resending.
        await using var sender = new SteadySender(
            block: 3, Nodes, n => n % 2 == 0 ? cluster.AggregatorUdpPort(1) : cluster.ReceiverUdpPort(1), TimeSpan.FromMilliseconds(100));
        sender.Start(maxRounds: 700);
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= 20, TimeSpan.FromSeconds(30), "the nodes are sending");
        var before = (await Metrics.ScrapeAsync(a1))!;
        Assert.Equal(1, before.Value("krglogs_journal_up"));

        await cluster.RunAsync("pg-stop");
        var stoppedAt = sender.Elapsed;
        var during = await Eventually.Get(
            () => Metrics.ScrapeAsync(a1),
            m => m.Value("krglogs_receiver_outbox_bytes") > 0 && m.Value("krglogs_receiver_batches_resent_total") > before.Value("krglogs_receiver_batches_resent_total"),
            Outage,
            "a1's receiver holds unacknowledged batches and resends them");
        // While PostgreSQL is down the aggregators say so: the journal is reported down, writes fail and are counted,
        // and the log names the failure.
        var failing = await Eventually.Get(
            () => Metrics.ScrapeAsync(a1),
            m => m.Value("krglogs_journal_up") == 0 && m.Value("krglogs_persist_failures_total") > before.Value("krglogs_persist_failures_total"),
            Outage,
            "a1's /metrics shows the journal down and persist failures rising");
        await Eventually.Get(
            () => Task.FromResult<string?>(string.Concat(new[] { "a1", "a2", "a3" }.Select(cluster.LogOf))),
            log => log.Contains("the receivers will resend", StringComparison.Ordinal),
            Outage,
            "an aggregator logs the failed write"); // NodeLog's persist failure
        // The outage lasts its full length whatever the metrics showed: wait for the clock, polling.
        await Eventually.Get(() => Task.FromResult<TimeSpan?>(sender.Elapsed), t => t - stoppedAt >= Outage, Outage + TimeSpan.FromSeconds(10), "20 s of outage");
        await cluster.RunAsync("pg-start");
        var restartedRound = sender.Rounds;
        await Eventually.Get(() => Task.FromResult<int?>(sender.Rounds), r => r >= restartedRound + 20, TimeSpan.FromSeconds(30), "sending goes on after the outage");
        await sender.StopAsync();
        var recovered = await Eventually.Get(() => Metrics.ScrapeAsync(a1), m => m.Value("krglogs_journal_up") == 1, TimeSpan.FromSeconds(60), "a1's /metrics shows the journal up again");

        var figures = await DeliveryFigures.CollectAsync(a1, sender, TimeSpan.FromSeconds(120));
        var after = (await Metrics.ScrapeAsync(a1))!;
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{figures.Summary("PostgreSQL down 20 s", figures.Sent)}; a1 receiver during the outage: outbox {during.Value("krglogs_receiver_outbox_bytes")} bytes, batches resent {after.Value("krglogs_receiver_batches_resent_total") - before.Value("krglogs_receiver_batches_resent_total")}, dropped {after.Sum("krglogs_receiver_dropped_datagrams_total")}; a1 journal_up during/after {failing.Value("krglogs_journal_up")}/{recovered.Value("krglogs_journal_up")}, persist failures {after.Value("krglogs_persist_failures_total") - before.Value("krglogs_persist_failures_total")}, recovery failures {after.Value("krglogs_recovery_failures_total") - before.Value("krglogs_recovery_failures_total")}");
        output.WriteLine(report);
        Console.WriteLine(report);

        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.Duplicated);
        Assert.Empty(figures.OutOfOrder);
        Assert.Equal(0, after.Sum("krglogs_receiver_dropped_datagrams_total"));
        Assert.Equal(0, after.Value("krglogs_receiver_outbox_bytes"));
        Assert.Contains("No ack from node", cluster.LogOf("r1"), StringComparison.Ordinal); // the standalone receiver resending
    }
}
