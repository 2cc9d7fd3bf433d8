using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace KrgLogs.Aggregator.Crashes;

/// <summary>Every crash report in the journal, read by its tag: the same answer from any aggregator.</summary>
public sealed class CrashLog(ActorSystem system)
{
    private SqlReadJournal Journal => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    public async Task<IReadOnlyList<CrashDetected>> AllAsync(CancellationToken cancel)
    {
        var events = await Journal.CurrentEventsByTag(CrashTopic.Tag, Offset.NoOffset())
            .Where(e => e.Event is CrashDetected)
            .Select(e => (CrashDetected)e.Event)
            .RunWith(Sink.Seq<CrashDetected>(), system.Materializer())
            .WaitAsync(cancel);
        return events;
    }
}
