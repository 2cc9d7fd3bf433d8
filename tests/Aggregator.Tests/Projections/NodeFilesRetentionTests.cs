using System.Text;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Aggregator.Tests.Projections;

/// <summary>
/// Retention reaches the per-node files: a NodeLog on a real SQLite journal deletes old events after snapshots and
/// the files projection drops those lines from the node's file, never one the journal still holds.
/// </summary>
public sealed class NodeFilesRetentionTests : SqliteJournalTestKit
{
    public NodeFilesRetentionTests(ITestOutputHelper output)
        : base(nameof(NodeFilesRetentionTests), output)
    {
    }

    [Fact]
    public async Task Lines_of_events_retention_deleted_leave_the_nodes_file_and_no_kept_line_does()
    {
        var countedBefore = NodeFileTrimCounts.Snapshot();
        using var projection = new LinesProjections(Sys, [new NodeFilesProjection(Path.Combine(Dir, "logs"), NullLogger<NodeFilesProjection>.Instance)], NullLogger<LinesProjections>.Instance);
        await projection.StartAsync(CancellationToken.None);
        const string node = "10.0.0.9";
        var trimmed = CreateTestProbe();
        Sys.EventStream.Subscribe(trimmed, typeof(NodeLogTrimmed));
        var entity = Sys.ActorOf(NodeLog.Props(node, new NodeLogOptions { SnapshotEvery = 2, RetainLines = 6, RetainLinesFor = null }, TimeProvider.System, CreateTestProbe()));
        var sent = new List<string>();
        for (var seq = 1; seq <= 30; seq++)
        {
            var text = $"{node} line {seq:D3}";
            sent.Add(text);
            var builder = new DatagramBatchBuilder();
            builder.Add(Encoding.UTF8.GetBytes(text + "\n"), DateTimeOffset.UtcNow.UtcTicks, DatagramTransport.Udp);
            entity.Tell(new NodeBatch(node, "receiver-a/1", seq, builder.Build()), TestActor);
            await ExpectMsgAsync<BatchPersisted>(p => p.UpTo == seq, Wait);
            if (seq == 6)
            {
                // Before retention can run (8 lines): the file holds the first lines, so their going is the trim's doing.
                await AwaitAssertAsync(() => Assert.Equal(sent, FileTexts(node)), Wait, TimeSpan.FromMilliseconds(100));
            }

            if (seq == 12)
            {
                await trimmed.ExpectMsgAsync<NodeLogTrimmed>(Wait); // retention has run before the last lines go in
            }
        }

        await AwaitAssertAsync(
            async () =>
            {
                var file = FileTexts(node);
                var kept = await JournalTexts(node);
                Assert.Equal(sent[^1], file.LastOrDefault());
                Assert.DoesNotContain(sent[0], file); // trimmed
                Assert.Equal(sent[^file.Count..], file); // a suffix of what was sent, in order
                Assert.True(file.Count >= kept.Count, $"the file holds {file.Count} lines, the journal {kept.Count}");
                Assert.Equal(kept, file[^kept.Count..]); // every line the journal holds is still in the file
                Assert.True(NodeFileTrimCounts.Snapshot().Lines >= countedBefore.Lines + 1, "trimmed lines are counted");
            },
            Wait,
            TimeSpan.FromMilliseconds(200));
        await projection.StopAsync(CancellationToken.None);
        Assert.Contains("# TYPE krglogs_node_file_trimmed_lines_total counter", NodeFileTrimCounts.Render(), StringComparison.Ordinal);
    }
}
