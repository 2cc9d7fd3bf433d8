using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Search;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Aggregator.Tests.Search;

/// <summary>
/// Retention reaches the search index: a NodeLog on a real SQLite journal deletes old events after snapshots, the
/// indexer and the trimmer on a real index file follow, and the index ends up holding exactly the lines the journal
/// still holds (another node's lines untouched).
/// </summary>
public sealed class IndexRetentionTests : SqliteJournalTestKit
{
    public IndexRetentionTests(ITestOutputHelper output)
        : base(nameof(IndexRetentionTests), output)
    {
    }

    private async Task SendAll(string node, NodeLogOptions options, int count)
    {
        var entity = Sys.ActorOf(NodeLog.Props(node, options, TimeProvider.System, CreateTestProbe()));
        for (var seq = 1; seq <= count; seq++)
        {
            var builder = new DatagramBatchBuilder();
            builder.Add(Encoding.UTF8.GetBytes($"{node} line {seq:D3}\n"), DateTimeOffset.UtcNow.UtcTicks, DatagramTransport.Udp);
            entity.Tell(new NodeBatch(node, "receiver-a/1", seq, builder.Build()), TestActor);
            await ExpectMsgAsync<BatchPersisted>(p => p.UpTo == seq, Wait); // one event each
        }
    }

    private static async Task<List<string>> IndexTexts(LineIndex index, string? node = null, string? text = null) =>
        [.. (await new LineSearch(index).RunAsync(new LineQuery(Node: node, Text: text, Limit: 1000, Descending: false), CancellationToken.None)).Hits.Select(h => h.Line.Text)];

    [Fact]
    public async Task Lines_of_events_retention_deleted_leave_the_index()
    {
        using var index = new SqliteLineIndex(Path.Combine(Dir, "index.db"));
        Sys.ActorOf(SearchIndexer.Props(index, NullLogger.Instance));
        Sys.ActorOf(IndexTrimmer.Props(index));
        var trimmed = CreateTestProbe();
        Sys.EventStream.Subscribe(trimmed, typeof(NodeLogTrimmed));

        await SendAll("10.0.0.7", new NodeLogOptions(), 5); // no retention: stays whole
        await SendAll("10.0.0.8", new NodeLogOptions { SnapshotEvery = 2, RetainLines = 6, RetainLinesFor = null }, 24);
        await trimmed.ExpectMsgAsync<NodeLogTrimmed>(Wait);

        var kept = await JournalTexts("10.0.0.8");
        Assert.InRange(kept.Count, 1, 23); // retention did delete some
        Assert.Equal("10.0.0.8 line 024", kept[^1]);
        await AwaitAssertAsync(
            async () =>
            {
                // Retention goes on as snapshots come; the index follows the journal whatever it holds by then.
                Assert.Equal(await JournalTexts("10.0.0.8"), await IndexTexts(index, node: "10.0.0.8"));
                Assert.Equal(await JournalTexts("10.0.0.8"), await IndexTexts(index, text: "10.0.0.8 line"));
            },
            Wait,
            TimeSpan.FromMilliseconds(200));
        Assert.Equal(await JournalTexts("10.0.0.7"), await IndexTexts(index, node: "10.0.0.7"));
        Assert.Equal(5, (await IndexTexts(index, node: "10.0.0.7")).Count);
    }
}
