using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// One live <c>EventsByTag("lines")</c> query for several projections: it starts after the lowest of their stored
/// offsets, groups the events into batches and hands each batch to every projection, side by side, before the next.
/// Each projection skips what it already holds, so a restart (a failed query, a failed write, a full disk) neither
/// repeats nor skips lines for any of them. Reading and decoding the journal once is most of what a second
/// projection used to cost.
/// </summary>
public static class LinesFeed
{
    /// <summary>
    /// Lines per batch, at most: big batches make the index's transactions and the files' fsyncs few (each index commit
    /// flushes a segment that FTS5 merges later; each file batch ends with an fsync of every file it touched).
    /// </summary>
    private const long BatchLines = 50_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);

    // While the journal is quiet this element still reaches the projections, so work that waits for a batch boundary
    // (the files' trims) waits no longer. It has no offset, so nothing stores it.
    private static readonly TimeSpan QuietTick = TimeSpan.FromSeconds(2);

    public static readonly EventEnvelope Quiet = new(Offset.NoOffset(), "", 0, "quiet", 0, []);

    /// <summary>
    /// Runs the feed until the returned switch shuts it down. The switch stops the reading only: the batch being
    /// gathered and the one being written still go to every projection, and the task completes after them.
    /// <paramref name="syncJournal"/>, when the journal does not make each commit durable on its own
    /// (<see cref="Hosting.JournalSync"/>), runs before each batch reaches the projections: none of them may store an
    /// offset the journal could still lose.
    /// </summary>
    public static (SharedKillSwitch Kill, Task Done) Run(ActorSystem system, IReadOnlyList<ILinesProjection> projections, ILogger logger, IMaterializer materializer, Action? syncJournal = null)
    {
        var names = string.Join(" and ", projections.Select(p => p.Name));
        var kill = KillSwitches.Shared("lines-feed");
        var done = RestartSource.OnFailuresWithBackoff(() => Once(system, projections, names, kill, logger, syncJournal), RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2))
            .RunWith(Sink.Ignore<NotUsed>(), materializer);
        return (kill, done);
    }

    /// <summary>
    /// One run of the query, from the offsets stored now (not those the feed started with). The read journal is
    /// resolved here too: on a loaded machine its start can time out, and that must be retried rather than end the process.
    /// </summary>
    private static Source<NotUsed, NotUsed> Once(ActorSystem system, IReadOnlyList<ILinesProjection> projections, string names, SharedKillSwitch kill, ILogger logger, Action? syncJournal)
    {
        SqlReadJournal journal;
        long from;
        try
        {
            journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            from = projections.Min(p => p.StoredOffset());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Projections}: the journal or a stored offset could not be read; retrying", names);
            return Source.Failed<NotUsed>(e);
        }

        logger.LogInformation("{Projections}: following the journal from offset {Offset}", names, from);
        // The switch right after the query: shut, the query completes and what is already read drains to the end (a
        // switch after the writes would complete at once and leave a batch half written, its offset not stored).
        return journal.EventsByTag(NodeLog.LinesTag, Offset.Sequence(from))
            .Via(kill.Flow<EventEnvelope>())
            .KeepAlive(QuietTick, () => Quiet)
            .GroupedWeightedWithin(BatchLines, BatchWindow, e => 1 + (e.Event is LinesAppended a ? a.Lines.Count : 0))
            // Blocking writes off the actor dispatcher, one batch at a time so every projection's offsets stay in order.
            .SelectAsync(1, batch => WriteAsync(projections, batch as IReadOnlyList<EventEnvelope> ?? [.. batch], syncJournal));
    }

    private static async Task<NotUsed> WriteAsync(IReadOnlyList<ILinesProjection> projections, IReadOnlyList<EventEnvelope> batch, Action? syncJournal)
    {
        if (syncJournal is not null && batch.Any(e => e.Offset is Sequence))
        {
            // A failure fails the batch, and the feed restarts from the stored offsets. Quiet ticks store nothing.
            await Task.Run(syncJournal);
        }

        // Side by side: the files' fsyncs and the index's transaction wait on the disk at the same time.
        await Task.WhenAll(projections.Select(p => Task.Run(() => p.Write(batch))));
        return NotUsed.Instance;
    }
}
