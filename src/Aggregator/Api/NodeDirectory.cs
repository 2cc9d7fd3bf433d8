using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Api;

/// <summary>Which nodes exist: every persistence id of a NodeLog in the journal (sharding's own ids left out).</summary>
public sealed class NodeDirectory(ActorSystem system)
{
    private const string Prefix = "node-";

    private SqlReadJournal Journal => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    public async Task<IReadOnlyList<string>> KnownNodesAsync(CancellationToken cancel)
    {
        var ids = await Journal.CurrentPersistenceIds()
            .Where(id => id.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(id => id[Prefix.Length..])
            .RunWith(Sink.Seq<string>(), system.Materializer())
            .WaitAsync(cancel);
        return ids;
    }

    /// <summary>True when the journal answers a query (used by /healthz).</summary>
    public async Task<bool> JournalAnswersAsync(TimeSpan timeout)
    {
        try
        {
            await Journal.CurrentEventsByPersistenceId(NodeLog.PersistenceIdOf("healthz-probe"), 0, 1)
                .RunWith(Sink.Ignore<EventEnvelope>(), system.Materializer())
                .WaitAsync(timeout);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
