using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Crashes;
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

    /// <summary>Every node that sent something, at a glance (<see cref="NodeGlance"/>): each entity is asked for its
    /// status and last lines, and the crash log for its reports.</summary>
    public async Task<IReadOnlyList<NodeSummaryDto>> SummariesAsync(
        IActorRef region, CrashLog crashLog, TimeSpan timeout, DateTimeOffset now, CancellationToken cancel)
    {
        var nodes = await KnownNodesAsync(cancel);
        var crashes = crashLog.AllAsync(cancel);
        var answers = await Task.WhenAll(nodes.Select(async node =>
        {
            var status = region.Ask<NodeStatus>(new GetNodeStatus(node), timeout, cancel);
            var tail = region.Ask<NodeTail>(new GetTail(node, NodeGlance.TailSample), timeout, cancel);
            return (Status: await status, Tail: await tail);
        }));
        var all = await crashes;
        return [.. answers
            .Where(a => a.Status.Exists)
            .OrderBy(a => a.Status.Node, StringComparer.Ordinal)
            .Select(a => NodeGlance.Summarize(a.Status.Node, a.Status.LastSeen, a.Status.LineCount, a.Tail.Lines, all, now))];
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
