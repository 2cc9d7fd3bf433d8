using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.Tests.NodeLogs;

/// <summary>Retention on a real SQLite journal: old line events deleted after snapshots, crash reports kept.</summary>
public sealed class NodeLogRetentionTests : SqliteJournalTestKit
{
    private const string Sender = "receiver-a/1";

    public NodeLogRetentionTests(ITestOutputHelper output)
        : base(nameof(NodeLogRetentionTests), output)
    {
    }

    private static NodeBatch Batch(string node, long seq, DateTimeOffset at, string text)
    {
        var builder = new DatagramBatchBuilder();
        builder.Add(Encoding.UTF8.GetBytes(text), at.UtcTicks, DatagramTransport.Udp);
        return new NodeBatch(node, Sender, seq, builder.Build());
    }

    private async Task<List<(long Seq, object Event)>> JournalOf(string node)
    {
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(NodeLog.PersistenceIdOf(node), 0, long.MaxValue)
            .Select(e => (e.SequenceNr, e.Event))
            .RunWith(Sink.Seq<(long, object)>(), Sys.Materializer());
        return [.. events];
    }

    private async Task SendAll(IActorRef entity, string node, IEnumerable<(DateTimeOffset At, string Text)> batches)
    {
        var seq = 0L;
        foreach (var (at, text) in batches)
        {
            entity.Tell(Batch(node, ++seq, at, text), TestActor);
            await ExpectMsgAsync<BatchPersisted>(p => p.UpTo == seq, Wait); // one at a time: one event each
        }
    }

    [Fact]
    public async Task Beyond_the_size_kept_old_line_events_go_but_a_young_crash_report_stays()
    {
        const string node = "10.0.0.8";
        var trimmed = CreateTestProbe();
        Sys.EventStream.Subscribe(trimmed, typeof(NodeLogTrimmed));
        var options = new NodeLogOptions { SnapshotEvery = 2, RetainLines = 6, RetainLinesFor = null, RetainCrashesFor = TimeSpan.FromDays(365) };
        var entity = Sys.ActorOf(NodeLog.Props(node, options, TimeProvider.System, CreateTestProbe()));
        var now = DateTimeOffset.UtcNow;

        var batches = Enumerable.Range(1, 30).Select(i => (now, $"line {i}\n")).ToList();
        batches[3] = (now, "Kernel panic - not syncing: sysrq triggered crash\n---[ end Kernel panic - not syncing: sysrq triggered crash ]---\n");
        await SendAll(entity, node, batches);

        var events = await AwaitAssertJournal(node, e => e.Count(x => x.Event is LinesAppended) <= 30 - 3);
        var crash = Assert.Single(events, e => e.Event is CrashDetected);
        Assert.Equal(node, ((CrashDetected)crash.Event).Node);
        Assert.True(events.Min(e => e.Seq) >= crash.Seq, "nothing before the crash report may survive it either");
        Assert.Equal(crash.Seq, events.Min(e => e.Seq)); // deletion stopped right before the young crash report
        await trimmed.FishForMessageAsync<NodeLogTrimmed>(t => t.Node == node && t.UpToSeq == crash.Seq - 1, Wait);

        // The entity's own view is whole: counts and tail survive a restart from the snapshot.
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(entity, Wait);
        var again = Sys.ActorOf(NodeLog.Props(node, options, TimeProvider.System, CreateTestProbe()));
        var status = await again.Ask<NodeStatus>(new GetNodeStatus(node), Wait);
        Assert.Equal(31, status.LineCount);
        Assert.Equal(1, status.CrashCount);
    }

    [Fact]
    public async Task Lines_older_than_the_age_kept_are_deleted_once_a_snapshot_covers_them()
    {
        const string node = "10.0.0.9";
        var options = new NodeLogOptions { SnapshotEvery = 3, RetainLinesFor = TimeSpan.FromDays(1), RetainCrashesFor = TimeSpan.FromDays(365) };
        var entity = Sys.ActorOf(NodeLog.Props(node, options, TimeProvider.System, CreateTestProbe()));
        var old = DateTimeOffset.UtcNow.AddDays(-3);
        var batches = Enumerable.Range(1, 9).Select(i => (old.AddMinutes(i), $"old line {i}\n"))
            .Concat(Enumerable.Range(1, 6).Select(i => (DateTimeOffset.UtcNow, $"new line {i}\n")));
        await SendAll(entity, node, batches);

        var events = await AwaitAssertJournal(node, e => e.Min(x => x.Seq) > 9);
        Assert.All(events, e => Assert.DoesNotContain(((LinesAppended)e.Event).Lines, l => l.Text.StartsWith("old", StringComparison.Ordinal)));
        Assert.Equal(15, events.Max(e => e.Seq)); // the newest events are all there
    }

    private async Task<List<(long Seq, object Event)>> AwaitAssertJournal(string node, Func<List<(long Seq, object Event)>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var events = await JournalOf(node);
            if (condition(events))
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < deadline, $"journal of {node} never got there: seqs {string.Join(',', events.Select(e => e.Seq))}");
            await Task.Delay(100);
        }
    }
}
