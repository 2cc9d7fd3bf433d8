using System.Text;
using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.Tests.NodeLogs;

/// <summary>The NodeLog entity on a real SQLite journal in a temp dir, driven message by message.</summary>
public sealed class NodeLogTests : SqliteJournalTestKit
{
    private const string Node = "10.0.0.7";
    private const string Sender = "receiver-a/1";

    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow;

    public NodeLogTests(ITestOutputHelper output)
        : base(nameof(NodeLogTests), output)
    {
    }

    // Partial lines wait an hour unless a test says otherwise: the batches' times are fixed, the clock is not.
    private static readonly NodeLogOptions Patient = new()
    {
        Stream = new Shared.Ingest.NodeStreamOptions { Netconsole = Shared.Netconsole.NetconsoleOptions.Default with { PartialLineTimeout = TimeSpan.FromHours(1) } },
    };

    private Akka.TestKit.TestProbe? _crashNews;

    /// <summary>Stands in for the cluster's crash topic.</summary>
    private Akka.TestKit.TestProbe CrashNews => _crashNews ??= CreateTestProbe();

    private IActorRef StartEntity(NodeLogOptions? options = null) =>
        Sys.ActorOf(NodeLog.Props(Node, options ?? Patient, TimeProvider.System, CrashNews));

    private static NodeBatch Batch(long seq, params string[] datagrams)
    {
        var builder = new DatagramBatchBuilder();
        foreach (var d in datagrams)
        {
            builder.Add(Encoding.UTF8.GetBytes(d), T0.AddSeconds(seq).UtcTicks, DatagramTransport.Udp);
        }

        return new NodeBatch(Node, Sender, seq, builder.Build());
    }

    private static async Task<NodeTail> TailOf(IActorRef entity) =>
        await entity.Ask<NodeTail>(new GetTail(Node, 100), Wait);

    private async Task Restart(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(entity, Wait);
    }

    [Fact]
    public async Task Batches_become_lines_and_are_acked_after_persisting()
    {
        var entity = StartEntity();

        entity.Tell(Batch(1, "first line\nsecond ", "half\nthird"), TestActor);

        var ack = await ExpectMsgAsync<BatchPersisted>(Wait);
        Assert.Equal(new BatchPersisted(Node, Sender, 1), ack);
        var tail = await TailOf(entity);
        Assert.True(tail.Exists);
        Assert.Equal(["first line", "second half"], tail.Lines.Select(l => l.Text));
        Assert.Equal(2, tail.LineCount);
        Assert.Equal(T0.AddSeconds(1), tail.Lines[1].ReceivedAt);
        Assert.Equal(1, tail.UpToSeq); // the one event persisted: a follower starts after it
    }

    [Fact]
    public async Task A_resent_batch_is_acked_but_not_stored_twice_and_a_gap_waits_for_the_resend()
    {
        var entity = StartEntity();
        entity.Tell(Batch(1, "one\n"), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        entity.Tell(Batch(1, "one\n"), TestActor);
        Assert.Equal(1, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);

        entity.Tell(Batch(3, "three\n"), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        entity.Tell(Batch(2, "two\n"), TestActor);
        Assert.Equal(2, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);
        entity.Tell(Batch(3, "three\n"), TestActor);
        Assert.Equal(3, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);

        Assert.Equal(["one", "two", "three"], (await TailOf(entity)).Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task After_a_restart_lines_partial_line_and_deduplication_come_back_from_the_journal()
    {
        var entity = StartEntity();
        entity.Tell(Batch(1, "kept line\npart"), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);
        await Restart(entity);

        var revived = StartEntity();
        revived.Tell(Batch(1, "kept line\npart"), TestActor); // a resend from before the restart
        Assert.Equal(1, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);
        revived.Tell(Batch(2, "ial line\n"), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        var tail = await TailOf(revived);
        Assert.Equal(["kept line", "partial line"], tail.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Recovery_from_a_snapshot_plus_later_events_gives_the_same_tail()
    {
        var options = Patient with { SnapshotEvery = 3, TailLines = 5 };
        var entity = StartEntity(options);
        for (var seq = 1; seq <= 8; seq++)
        {
            entity.Tell(Batch(seq, $"line {seq}\n"), TestActor);
            await ExpectMsgAsync<BatchPersisted>(Wait);
        }

        var before = await TailOf(entity);
        await Restart(entity);

        var after = await TailOf(StartEntity(options));
        Assert.Equal(["line 4", "line 5", "line 6", "line 7", "line 8"], after.Lines.Select(l => l.Text));
        Assert.Equal(before.Lines, after.Lines);
        Assert.Equal(8, after.LineCount);
    }

    [Fact]
    public async Task A_node_that_never_sent_anything_does_not_exist()
    {
        var status = await StartEntity().Ask<NodeStatus>(new GetNodeStatus(Node), Wait);
        Assert.False(status.Exists);
    }

    [Fact]
    public async Task A_busy_nodes_batches_wait_for_the_write_interval_and_share_one_event_unless_enough_lines_wait()
    {
        var entity = StartEntity(Patient with { WriteInterval = TimeSpan.FromMinutes(5), WriteEarlyAtLines = 4 });
        entity.Tell(Batch(1, "first line of a quiet node\n"), TestActor);
        Assert.Equal(1, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo); // nothing written for an interval: at once

        entity.Tell(Batch(2, "two\n"), TestActor);
        entity.Tell(Batch(3, "three\n"), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromSeconds(1)); // gathered for the next write

        entity.Tell(Batch(4, "four\nfive\n"), TestActor); // four lines waiting: written without the rest of the interval
        Assert.Equal(4, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);
        var tail = await TailOf(entity);
        Assert.Equal(["first line of a quiet node", "two", "three", "four", "five"], tail.Lines.Select(l => l.Text));
        Assert.Equal(2, tail.UpToSeq); // two events
    }

    [Fact]
    public async Task A_crash_report_is_written_without_waiting_for_the_write_interval()
    {
        var entity = StartEntity(Patient with { WriteInterval = TimeSpan.FromMinutes(5), WriteEarlyAtLines = int.MaxValue });
        entity.Tell(Batch(1, "[    0.000000] Linux version 6.1.0\n"), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        var lines = File.ReadLines(Path.Combine(SharedCaptures, "plain.serial.log")).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('[')).ToList();
        entity.Tell(Batch(2, [.. lines.Select(l => l + "\n")]), TestActor);

        await CrashNews.ExpectMsgAsync<Crashes.CrashStarted>(Wait);
        var crash = await CrashNews.ExpectMsgAsync<Crashes.CrashDetected>(Wait);
        Assert.Equal("kernel panic: sysrq triggered crash", crash.Report.Title);
        Assert.Equal(2, (await ExpectMsgAsync<BatchPersisted>(Wait)).UpTo);
    }

    [Fact]
    public async Task A_partial_line_left_idle_comes_out_marked()
    {
        var entity = StartEntity(new NodeLogOptions
        {
            TickInterval = TimeSpan.FromMilliseconds(50),
            Stream = new Shared.Ingest.NodeStreamOptions { Netconsole = Shared.Netconsole.NetconsoleOptions.Default with { PartialLineTimeout = TimeSpan.FromMilliseconds(100) } },
        });
        entity.Tell(Batch(1, "no newline"), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        await AwaitAssertAsync(
            async () =>
            {
                var tail = await TailOf(entity);
                Assert.Equal("no newline", Assert.Single(tail.Lines).Text);
                Assert.Equal(Shared.Lines.LineFlags.PartialFlushed, tail.Lines[0].Flags);
            },
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_panic_in_the_kernel_stream_is_announced_persisted_once_and_not_announced_again_on_recovery()
    {
        var entity = StartEntity();
        var capture = File.ReadLines(Path.Combine(SharedCaptures, "plain.jsonl"))
            .Select(l => Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("b64").GetString()!))
            .ToList();
        var builder = new DatagramBatchBuilder();
        foreach (var datagram in capture)
        {
            builder.Add(datagram, T0.UtcTicks, Shared.Ingest.DatagramTransport.Udp);
        }

        entity.Tell(new NodeBatch(Node, Sender, 1, builder.Build()), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        var started = await CrashNews.ExpectMsgAsync<Crashes.CrashStarted>(Wait);
        Assert.Equal(Node, started.Node);
        var crash = await CrashNews.ExpectMsgAsync<Crashes.CrashDetected>(Wait);
        Assert.Equal("kernel panic: sysrq triggered crash", crash.Report.Title);
        Assert.True(crash.Report.Panicked);
        Assert.Contains("Call Trace:", crash.Report.Text, StringComparison.Ordinal);
        await CrashNews.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));

        await Restart(entity);
        var revived = StartEntity();
        Assert.True((await revived.Ask<NodeStatus>(new GetNodeStatus(Node), Wait)).Exists);
        await CrashNews.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_crash_report_open_when_the_entity_stops_is_finished_by_its_next_incarnation()
    {
        var lines = File.ReadLines(Path.Combine(SharedCaptures, "plain.serial.log")).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('[')).ToList();
        var panic = lines.FindIndex(l => l.Contains("Kernel panic - not syncing", StringComparison.Ordinal));
        var half = panic + 8;

        var entity = StartEntity();
        entity.Tell(Batch(1, [.. lines[..half].Select(l => l + "\n")]), TestActor); // a datagram a line, as netconsole sends
        await ExpectMsgAsync<BatchPersisted>(Wait);
        await CrashNews.ExpectMsgAsync<Crashes.CrashStarted>(Wait);
        await Restart(entity);

        var revived = StartEntity();
        revived.Tell(Batch(2, [.. lines[half..].Select(l => l + "\n")]), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);

        var crash = await CrashNews.ExpectMsgAsync<Crashes.CrashDetected>(Wait);
        Assert.Equal("kernel panic: sysrq triggered crash", crash.Report.Title);
        Assert.Contains(lines[panic], crash.Report.Text, StringComparison.Ordinal);
        Assert.Contains(lines[half + 1], crash.Report.Text, StringComparison.Ordinal);
    }

    private static string SharedCaptures
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "captures"));
                }
            }

            throw new DirectoryNotFoundException("no Akka.KrgLogs.sln above the tests");
        }
    }
}
