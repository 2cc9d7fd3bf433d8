using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The read-side projection that keeps the search index: a live <c>EventsByTag("lines")</c> query from the
/// offset stored in the index itself, grouped into batches, each written with its offset in one transaction.
/// Each (re)start of the stream reads the offset again from the index, so a failed write, a restart or a hand-over
/// to another member resumes exactly after the last committed batch. The stream lives and dies with the actor.
/// </summary>
public sealed class SearchIndexer : ReceiveActor, IWithTimers
{
    /// <summary>
    /// Lines per write transaction, at most: big transactions are what makes the trigram index cheap to write (each
    /// commit flushes a segment that FTS5 merges later, so fewer, bigger segments mean less merging).
    /// </summary>
    private const long BatchLines = 50_000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);

    private readonly LineIndex _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SearchIndexer(LineIndex index)
    {
        _index = index;
        Receive<SqlReadJournal>(Follow);
        Receive<Status.Failure>(failure =>
        {
            _log.Warning(failure.Cause, "Search index: the read journal is not ready; trying again in 2 s");
            Timers.StartSingleTimer("acquire", Start.Instance, TimeSpan.FromSeconds(2));
        });
        Receive<Start>(_ => Acquire());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LineIndex index) => Akka.Actor.Props.Create(() => new SearchIndexer(index));

    protected override void PreStart() => Acquire();

    /// <summary>
    /// Getting the read journal blocks (the plugin asks its journal, with a 5 s timeout): off the actor's thread,
    /// and tried again on failure, so a slow start-up delays the index instead of killing it.
    /// </summary>
    private void Acquire()
    {
        var system = Context.System;
        Task.Run(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)).PipeTo(Self);
    }

    private void Follow(SqlReadJournal journal)
    {
        var index = _index;
        var log = _log;
        RestartSource.OnFailuresWithBackoff(
                () =>
                {
                    var offset = index.ReadOffset();
                    log.Info("Search index {0}: following the journal from offset {1}", index.Where, offset);
                    return journal.EventsByTag(NodeLog.LinesTag, Offset.Sequence(offset))
                        .GroupedWeightedWithin(BatchLines, BatchWindow, e => 1 + (e.Event is LinesAppended a ? a.Lines.Count : 0))
                        // Blocking database work off the actor dispatcher, one batch at a time so offsets stay in order.
                        .SelectAsync(1, batch => Task.Run(() => index.Write(Events(batch))));
                },
                RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2))
            .RunWith(Sink.Ignore<int>(), Context.Materializer());
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private static List<IndexedEvent> Events(IEnumerable<EventEnvelope> batch)
    {
        var events = new List<IndexedEvent>();
        foreach (var envelope in batch)
        {
            if (envelope.Offset is not Sequence { Value: var offset })
            {
                continue;
            }

            // Other events under the tag still move the offset on (an empty event), so they are not read again.
            events.Add(envelope.Event is LinesAppended appended && NodeFileLine.NodeOf(envelope.PersistenceId) is { } node
                ? new IndexedEvent(offset, node, appended.Lines, envelope.SequenceNr)
                : new IndexedEvent(offset, string.Empty, []));
        }

        return events;
    }
}

public static class SearchIndexerHosting
{
    public const string ActorName = "search-indexer";

    /// <summary>
    /// SQLite: every aggregator has its own journal and its own index, so the indexer is a plain actor. PostgreSQL:
    /// the journal and the index are shared, so one writer for the whole cluster is enough: a cluster singleton
    /// over the aggregator role (fail-over to the next oldest member). Two writers during a hand-over are still
    /// harmless: the write transaction locks the offset row and skips what is already stored.
    /// </summary>
    public static AkkaConfigurationBuilder AddSearchIndexerActor(this AkkaConfigurationBuilder builder, AggregatorOptions options, string role)
    {
        if (!options.UseIndex)
        {
            return builder;
        }

        builder.AddIndexTrimmerActor(options);
        if (options.Postgres is null)
        {
            return builder.WithActors((system, registry, resolver) =>
                registry.Register<SearchIndexer>(system.ActorOf(SearchIndexer.Props(resolver.GetService<LineIndex>()), ActorName)));
        }

        return builder.WithSingleton<SearchIndexer>(
            ActorName,
            (_, _, resolver) => SearchIndexer.Props(resolver.GetService<LineIndex>()),
            new ClusterSingletonOptions { Role = role },
            createProxyToo: false);
    }
}
