using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Aggregator.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Aggregator.Tests.Projections;

/// <summary>
/// Several projections on one journal feed (a real SQLite journal, real files, a real index): the feed starts at the
/// lowest stored offset, and each projection ends complete without a line twice, whether it was behind, ahead, or
/// failed a write and was fed again.
/// </summary>
public sealed class LinesProjectionsTests : SqliteJournalTestKit
{
    private const string Node = "10.0.0.5";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow;

    public LinesProjectionsTests(ITestOutputHelper output)
        : base(nameof(LinesProjectionsTests), output)
    {
    }

    private string LogDir => Path.Combine(Dir, "logs");

    private static List<string> Numbered(int from, int to) => Numbered("fed line", from, to);

    private Task SendAsync(IActorRef entity, long seq, List<string> lines) => SendLinesAsync(entity, Node, seq, lines, T0.AddSeconds(seq));

    private List<string> FileTexts() => FileTexts(Node);

    private static async Task<List<string>> IndexTexts(LineIndex index) =>
        [.. (await index.ReadAsync(LineFilter.Of(new LineQuery(Descending: false), [], 10_000), CancellationToken.None)).Select(l => l.Line.Text)];

    private LinesProjections Projections(params ILinesProjection[] projections) =>
        new(Sys, projections, NullLogger<LinesProjections>.Instance);

    private NodeFilesProjection Files() => new(LogDir, NullLogger<NodeFilesProjection>.Instance);

    [Fact]
    public async Task A_projection_behind_another_is_fed_from_its_own_offset_and_the_one_ahead_repeats_nothing()
    {
        var entity = Sys.ActorOf(NodeLog.Props(Node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        await SendAsync(entity, 1, Numbered(1, 50));
        await SendAsync(entity, 2, Numbered(51, 100));

        // The files alone first: they get ahead of an index that does not exist yet.
        using (var filesOnly = Projections(Files()))
        {
            await filesOnly.StartAsync(CancellationToken.None);
            await AwaitConditionAsync(() => Task.FromResult(FileTexts().Count >= 100), Wait, TimeSpan.FromMilliseconds(100));
            await filesOnly.StopAsync(CancellationToken.None);
        }

        Assert.Equal(Numbered(1, 100), FileTexts());
        await SendAsync(entity, 3, Numbered(101, 130));

        using var index = new SqliteLineIndex(Path.Combine(Dir, "index.db"));
        using var both = Projections(Files(), new IndexProjection(index));
        await both.StartAsync(CancellationToken.None);
        await SendAsync(entity, 4, Numbered(131, 160));
        await AwaitConditionAsync(async () => (await IndexTexts(index)).Count >= 160 && FileTexts().Count >= 160, Wait, TimeSpan.FromMilliseconds(100));
        await both.StopAsync(CancellationToken.None);

        Assert.Equal(Numbered(1, 160), await IndexTexts(index)); // from the journal's start
        Assert.Equal(Numbered(1, 160), FileTexts()); // the feed started at 0 for the index: nothing written twice
    }

    [Fact]
    public async Task A_projection_whose_write_fails_is_fed_again_while_the_other_repeats_nothing()
    {
        var entity = Sys.ActorOf(NodeLog.Props(Node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        var failing = new InMemory(failFirst: true);
        using var projections = Projections(Files(), failing);
        await projections.StartAsync(CancellationToken.None);
        await SendAsync(entity, 1, Numbered(1, 40));
        await SendAsync(entity, 2, Numbered(41, 80));
        await AwaitConditionAsync(() => Task.FromResult(failing.Texts().Count >= 80 && FileTexts().Count >= 80), Wait, TimeSpan.FromMilliseconds(100));
        await projections.StopAsync(CancellationToken.None);

        Assert.True(failing.Failed, "the first write failed");
        Assert.Equal(Numbered(1, 80), failing.Texts());
        Assert.Equal(Numbered(1, 80), FileTexts());
    }

    [Fact]
    public async Task Stopping_waits_for_the_batch_being_written_before_closing()
    {
        var entity = Sys.ActorOf(NodeLog.Props(Node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        var gated = new Gated();
        using var projections = Projections(gated);
        await projections.StartAsync(CancellationToken.None);
        await SendAsync(entity, 1, Numbered(1, 10));
        await gated.Entered.Task.WaitAsync(Wait);

        var stopping = projections.StopAsync(CancellationToken.None);
        // A negative check needs a window: closed within it, the feed did not wait for the write in hand.
        var early = await Task.WhenAny(gated.Closed.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(gated.Closed.Task, early);
        gated.Release.Set();
        await stopping.WaitAsync(Wait);
        Assert.True(gated.Closed.Task.IsCompleted, "closed once the write ended");
        Assert.False(await gated.Closed.Task, "closed while a write was in hand");
    }

    /// <summary>
    /// The journal commits without an fsync of its own (<see cref="JournalSync"/>): a batch reaches the projections, which
    /// store offsets, only after the journal was synced, and a sync the disk refuses holds the batch back until one works.
    /// </summary>
    [Fact]
    public async Task A_batch_reaches_the_projections_only_after_the_journal_is_synced()
    {
        var entity = Sys.ActorOf(NodeLog.Props(Node, new NodeLogOptions(), TimeProvider.System, CreateTestProbe()));
        await SendAsync(entity, 1, Numbered(1, 40));
        var journal = new JournalSync(DatabasePath, TimeSpan.FromSeconds(1), NullLogger<JournalSync>.Instance);
        var steps = new ConcurrentQueue<string>();
        var calls = 0;
        void SyncJournal()
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                steps.Enqueue("refused");
                throw new IOException("fsync: input/output error (test)");
            }

            journal.Sync();
            steps.Enqueue("synced");
        }

        var recording = new InMemory(steps: steps);
        var (kill, done) = LinesFeed.Run(Sys, [recording], NullLogger.Instance, Sys.Materializer(), SyncJournal);
        await SendAsync(entity, 2, Numbered(41, 80));
        await AwaitConditionAsync(() => Task.FromResult(recording.Texts().Count >= 80), Wait, TimeSpan.FromMilliseconds(100));
        kill.Shutdown();
        await done.WaitAsync(Wait);

        Assert.Equal(Numbered(1, 80), recording.Texts());
        var order = steps.ToList();
        Assert.Equal("refused", order[0]);
        var writes = Enumerable.Range(0, order.Count).Where(i => order[i] == "wrote").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, i => Assert.Equal("synced", order[i - 1]));
        Assert.True(journal.Syncs >= writes.Count, $"{journal.Syncs} fsyncs of the WAL for {writes.Count} batches");
    }

    /// <summary>Its first write with lines in it waits for <see cref="Release"/>; Close says whether a write was in hand.</summary>
    private sealed class Gated : ILinesProjection
    {
        private volatile bool _writing;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new();

        public string Name => "gated";

        public long StoredOffset() => 0;

        public void Write(IReadOnlyList<EventEnvelope> batch)
        {
            if (!batch.Any(e => e.Event is LinesAppended) || Entered.Task.IsCompleted)
            {
                return;
            }

            _writing = true;
            Entered.TrySetResult();
            Release.Wait(TimeSpan.FromMinutes(1));
            _writing = false;
        }

        public void Close() => Closed.TrySetResult(_writing);
    }

    /// <summary>
    /// Keeps lines in memory and says in <c>steps</c> when it wrote a batch with new lines. With <c>failFirst</c>, its first
    /// such write throws, after the files may have written theirs.
    /// </summary>
    private sealed class InMemory(bool failFirst = false, ConcurrentQueue<string>? steps = null) : ILinesProjection
    {
        private readonly List<string> _texts = [];
        private long _stored;

        public bool Failed { get; private set; }

        public string Name => "in memory";

        public List<string> Texts()
        {
            lock (_texts)
            {
                return [.. _texts];
            }
        }

        public long StoredOffset() => Volatile.Read(ref _stored);

        public void Write(IReadOnlyList<EventEnvelope> batch)
        {
            var fresh = batch.Where(e => e.Offset is Sequence s && s.Value > _stored).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            if (failFirst && !Failed)
            {
                Failed = true;
                throw new IOException("disk full (test)");
            }

            steps?.Enqueue("wrote");
            lock (_texts)
            {
                _texts.AddRange(fresh.Select(e => e.Event).OfType<LinesAppended>().SelectMany(a => a.Lines).Select(l => l.Text));
            }

            Volatile.Write(ref _stored, fresh.Max(e => ((Sequence)e.Offset).Value));
        }
    }
}
