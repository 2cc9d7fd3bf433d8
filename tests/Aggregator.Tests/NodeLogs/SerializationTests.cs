using System.Text;
using Akka.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.NodeLogs;

/// <summary>Every event, snapshot and cluster message goes through its own binary serializer and comes back equal.</summary>
public sealed class SerializationTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(SerializationTests), output)
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 1, 2, 3, TimeSpan.Zero);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddReceiverSerializer()
            .WithCustomSerializer("krglogs-nodelog", [typeof(INodeLogMessage)], system => new NodeLogSerializer(system));

    private object RoundTrip(object message, int expectedSerializer)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.Equal(expectedSerializer, serializer.Identifier);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    private static readonly LogLine[] Lines =
    [
        new("[    1.000000] plain", At, KernelTimeUs: 1_000_000),
        new("sshd started", At, LogStream.Syslog, 6, 4, Host: "n1", App: "sshd", ProcId: "12", Flags: LineFlags.FromSyslog),
    ];

    [Fact]
    public void Events_and_snapshots_round_trip()
    {
        var decoder = new Shared.Netconsole.NetconsoleDecoder(Shared.Netconsole.NetconsoleOptions.Default);
        decoder.Accept("half a line"u8, At, []);
        var detector = new Shared.Crashes.CrashDetector(Shared.Crashes.CrashDetectorOptions.Default);
        detector.Feed(new LogLine("[    5.000000] Kernel panic - not syncing: sysrq triggered crash", At), []);
        var appended = new LinesAppended(Lines, new NodeStreamState(decoder.State), [new Delivery("r/1", 9)], detector.State);
        var back = Assert.IsType<LinesAppended>(RoundTrip(appended, NodeLogSerializer.Id));
        Assert.Equal(appended.Lines, back.Lines);
        Assert.Equal(appended.Deliveries, back.Deliveries);
        Assert.Equal(appended.Decoder.Netconsole.ToBytes(), back.Decoder.Netconsole.ToBytes());
        Assert.Equal(1, back.Decoder.Netconsole.PendingCount);
        Assert.Equal(1, back.Crashes.OpenReports);

        var snapshot = new NodeLogSnapshot(42, At, Lines, NodeStreamState.Empty, [new Delivery("r/1", 9), new Delivery("r/2", 1)], detector.State, 3);
        var snapBack = Assert.IsType<NodeLogSnapshot>(RoundTrip(snapshot, NodeLogSerializer.Id));
        Assert.Equal(snapshot.Tail, snapBack.Tail);
        Assert.Equal(snapshot.Delivered, snapBack.Delivered);
        Assert.Equal(42, snapBack.LineCount);
        Assert.Equal(3, snapBack.CrashCount);

        var report = new Shared.Crashes.CrashReport("panic", "kernel panic: x", "f", true, false, "6.1.0", At, At.AddSeconds(1), 3, 9, "line1\nline2", 17, 2, Shared.Crashes.CrashCloseReason.QuietPeriod);
        var crash = new Crashes.CrashDetected("n1-1", "n1", report);
        Assert.Equal(crash, RoundTrip(crash, NodeLogSerializer.Id));
        var noFrame = crash with { Report = report with { Frame = null, KernelVersion = null, FirstSeq = null } };
        Assert.Equal(noFrame, RoundTrip(noFrame, NodeLogSerializer.Id));
        var started = new Crashes.CrashStarted("n1", "panic", "Kernel panic - not syncing: x", At, 2);
        Assert.Equal(started, RoundTrip(started, NodeLogSerializer.Id));
    }

    [Fact]
    public void Queries_and_answers_round_trip()
    {
        Assert.Equal(new GetNodeStatus("n1"), RoundTrip(new GetNodeStatus("n1"), NodeLogSerializer.Id));
        var status = Assert.IsType<NodeStatus>(RoundTrip(
            new NodeStatus("n1", true, At, 5, 2, new Dictionary<string, long> { ["netconsole.malformed.nulByte"] = 3, ["syslog.messages"] = 9 }),
            NodeLogSerializer.Id));
        Assert.Equal(("n1", true, At, 5L, 2L), (status.Node, status.Exists, status.LastSeen, status.LineCount, status.CrashCount));
        Assert.Equal(3, status.Counters["netconsole.malformed.nulByte"]);
        Assert.Equal(9, status.Counters["syslog.messages"]);
        Assert.Equal(new GetTail("n1", 10), RoundTrip(new GetTail("n1", 10), NodeLogSerializer.Id));
        var tail = Assert.IsType<NodeTail>(RoundTrip(new NodeTail("n1", true, Lines, 2, 17), NodeLogSerializer.Id));
        Assert.Equal(Lines, tail.Lines);
        Assert.Equal((2L, 17L), (tail.LineCount, tail.UpToSeq));
    }

    [Fact]
    public void Retention_trims_round_trip_for_the_cluster_topic()
    {
        // NodeLogTrimmed crosses to every aggregator on the "node-trims" topic: its own binary form, never the JSON default.
        var trimmed = new NodeLogTrimmed("10.0.0.9", "node-10.0.0.9", 4242, At.AddTicks(7));
        Assert.Equal(trimmed, RoundTrip(trimmed, NodeLogSerializer.Id));
        var nothingMarked = trimmed with { NewestDeleted = DateTimeOffset.MinValue }; // a deletion before any snapshot mark
        Assert.Equal(nothingMarked, RoundTrip(nothingMarked, NodeLogSerializer.Id));
    }

    [Fact]
    public void Receiver_batches_and_acks_round_trip()
    {
        var builder = new DatagramBatchBuilder();
        builder.Add(Encoding.UTF8.GetBytes("one\n"), At.UtcTicks, DatagramTransport.Udp);
        builder.Add(Encoding.UTF8.GetBytes("<13>two"), At.UtcTicks + 1, DatagramTransport.TcpFrame);
        var batch = new NodeBatch("n1", "r/1", 3, builder.Build());

        var back = Assert.IsType<NodeBatch>(RoundTrip(batch, ProtocolSerializer.Id));
        Assert.Equal(("n1", "r/1", 3L), (back.Node, back.Sender, back.Seq));
        Assert.Equal("one\n", Encoding.UTF8.GetString(back.Datagrams.Payload(0)));
        Assert.Equal("<13>two", Encoding.UTF8.GetString(back.Datagrams.Payload(1)));
        Assert.Equal(batch.Datagrams.ReceivedAtTicks, back.Datagrams.ReceivedAtTicks);
        Assert.Equal(batch.Datagrams.Transports, back.Datagrams.Transports);

        Assert.Equal(new BatchPersisted("n1", "r/1", 3), RoundTrip(new BatchPersisted("n1", "r/1", 3), ProtocolSerializer.Id));
    }
}
