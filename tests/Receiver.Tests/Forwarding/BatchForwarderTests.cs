using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Receiver.Tests.Forwarding;

/// <summary>The forwarder against a shard region that never acks: what a clean stop gives up is counted and told once.</summary>
public sealed class BatchForwarderTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(BatchForwarderTests), output)
{
    private const int Nodes = 30;

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
    }

    [Fact]
    public async Task A_stop_with_unacked_batches_counts_every_nodes_loss_and_logs_one_warning_naming_the_worst()
    {
        var counters = new ReceiverCounters();
        using var gate = new OutboxGate(1 << 20, counters);
        var region = CreateTestProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new BatchForwarder(region.Ref, new ReceiverOptions(), gate, counters, "receiver-test/1", TimeProvider.System)));
        for (var i = 1; i <= Nodes; i++)
        {
            forwarder.Tell(new ForwardBatch($"10.0.0.{i}", Datagrams(i))); // node i holds i datagrams
        }

        for (var i = 0; i < Nodes; i++)
        {
            await region.ExpectMsgAsync<NodeBatch>();
        }

        await EventFilter.Warning(contains: $"unacknowledged batches of {Nodes} nodes ({Nodes * (Nodes + 1) / 2} datagrams)").ExpectOneAsync(async () =>
        {
            await forwarder.GracefulStop(TimeSpan.FromSeconds(10));
        });

        var drops = counters.Drops.Where(d => d.Reason == DropReason.UnackedAtStop).ToList();
        Assert.Equal(Nodes, drops.Count);
        Assert.All(drops, d => Assert.Equal($"10.0.0.{d.Datagrams}", d.Node));
    }

    private static DatagramBatch Datagrams(int count)
    {
        var builder = new DatagramBatchBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Add("line\n"u8.ToArray(), DateTimeOffset.UtcNow.UtcTicks, DatagramTransport.Udp);
        }

        return builder.Build();
    }
}
