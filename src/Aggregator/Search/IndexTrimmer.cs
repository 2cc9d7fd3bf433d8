using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Applies retention to the search index: after a NodeLog deleted old events it publishes
/// <see cref="NodeLogTrimmed"/> on this aggregator's event stream, and the index drops the node's lines of those
/// events (and remembers the trim, so a lagging indexer does not add them back). One per aggregator; one trim at a
/// time, off the actor's thread; a failed trim is tried again a few times.
/// </summary>
/// <remarks>
/// It listens to the local event stream only, not to the cluster topic the per-node files follow: a cluster shares
/// one PostgreSQL journal and one index (the <c>krglogs_*</c> tables), so the aggregator hosting the node trims it
/// once for all rather than every member running the same DELETE. (A repeat would be harmless: the trim is kept as
/// <c>greatest(up_to)</c> and deletes <c>event_seq &lt;= up_to</c>.) With SQLite, journal and index are this
/// aggregator's own, and the sequence numbers of a trim only mean something in the journal they came from.
/// </remarks>
public sealed class IndexTrimmer : ReceiveActor, IWithTimers
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public IndexTrimmer(LineIndex index)
    {
        ReceiveAsync<NodeLogTrimmed>(trimmed => TrimAsync(index, new Attempt(trimmed, 1)));
        ReceiveAsync<Attempt>(attempt => TrimAsync(index, attempt));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LineIndex index) => Akka.Actor.Props.Create(() => new IndexTrimmer(index));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(NodeLogTrimmed));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private async Task TrimAsync(LineIndex index, Attempt attempt)
    {
        var (node, upTo) = (attempt.Trimmed.Node, attempt.Trimmed.UpToSeq);
        try
        {
            var deleted = await Task.Run(() => index.Trim(node, upTo));
            _log.Info("Search index: retention removed {0} lines of node {1} (events up to {2})", deleted, node, upTo);
        }
        catch (Exception e) when (attempt.Number < MaxAttempts)
        {
            _log.Warning(e, "Search index: removing lines of node {0} up to {1} failed; trying again in {2}", node, upTo, RetryAfter);
            Timers.StartSingleTimer(attempt, attempt with { Number = attempt.Number + 1 }, RetryAfter);
        }
        catch (Exception e)
        {
            _log.Error(e, "Search index: removing lines of node {0} up to {1} failed {2} times; the next trim of the node covers them", node, upTo, MaxAttempts);
        }
    }

    private sealed record Attempt(NodeLogTrimmed Trimmed, int Number);
}

public static class IndexTrimmerHosting
{
    public const string ActorName = "search-index-trimmer";

    public static AkkaConfigurationBuilder AddIndexTrimmerActor(this AkkaConfigurationBuilder builder, AggregatorOptions options) =>
        !options.UseIndex
            ? builder
            : builder.WithActors((system, registry, resolver) =>
                registry.Register<IndexTrimmer>(system.ActorOf(IndexTrimmer.Props(resolver.GetService<LineIndex>()), ActorName)));
}
