using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Aggregator.Tests.Search;

/// <summary>
/// The projection on a real SQLite journal and a real index file: lines persisted by a NodeLog entity reach the
/// index; after the indexer is stopped and a new one started on the same files, it goes on exactly where the
/// stored offset says: no line missing, none twice.
/// </summary>
public sealed class SearchIndexerTests : SqliteJournalTestKit
{
    private const string Node = "10.0.0.9";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow;

    public SearchIndexerTests(ITestOutputHelper output)
        : base(nameof(SearchIndexerTests), output)
    {
    }

    private string IndexPath => Path.Combine(Dir, "index.db");

    private static List<string> Numbered(int from, int to) => Numbered("indexed line", from, to);

    private Task SendAsync(IActorRef entity, long seq, List<string> lines) => SendLinesAsync(entity, Node, seq, lines, T0.AddSeconds(seq));

    private static async Task<List<string>> IndexedTexts(LineIndex index) =>
        [.. (await index.ReadAsync(LineFilter.Of(new LineQuery(Descending: false), [], 10_000), CancellationToken.None)).Select(l => l.Line.Text)];

    private async Task<List<string>> WaitForCount(LineIndex index, int count)
    {
        List<string> texts = [];
        await AwaitConditionAsync(async () => (texts = await IndexedTexts(index)).Count >= count, Wait, TimeSpan.FromMilliseconds(100));
        return texts;
    }

    [Fact]
    public async Task A_new_indexer_resumes_after_the_stored_offset_without_gap_or_repeat()
    {
        var entity = Sys.ActorOf(NodeLog.Props(Node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        await SendAsync(entity, 1, Numbered(1, 50));
        await SendAsync(entity, 2, Numbered(51, 100));

        var first = new SqliteLineIndex(IndexPath);
        var indexer = Sys.ActorOf(SearchIndexer.Props(first, NullLogger.Instance));
        Assert.Equal(Numbered(1, 100), await WaitForCount(first, 100));
        var offset = first.ReadOffset();
        Assert.True(offset > 0);

        Watch(indexer);
        Sys.Stop(indexer);
        await ExpectTerminatedAsync(indexer, Wait);
        first.Dispose();

        // Written while no indexer runs, then picked up by a fresh one on the same files.
        await SendAsync(entity, 3, Numbered(101, 130));
        await SendAsync(entity, 4, Numbered(131, 160));
        using var second = new SqliteLineIndex(IndexPath);
        Assert.Equal(offset, second.ReadOffset());
        Sys.ActorOf(SearchIndexer.Props(second, NullLogger.Instance));
        var texts = await WaitForCount(second, 160);
        await SendAsync(entity, 5, Numbered(161, 170));
        texts = await WaitForCount(second, 170);
        Assert.Equal(Numbered(1, 170), texts);
        Assert.True(second.ReadOffset() > offset);
    }
}
