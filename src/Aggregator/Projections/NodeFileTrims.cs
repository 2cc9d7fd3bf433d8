using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// Collects retention trims (<see cref="NodeLogTrimmed"/>) for the per-node files projection, which applies them on
/// its own thread between batches (the files have one writer). Every aggregator writes its own copy of every node's
/// file, so in a cluster (the aggregator always is one, even alone) the trims come from the cluster topic, whichever
/// aggregator hosts the node; a plain actor system (the projection's own tests) hears only its own event stream.
/// A trim lost on the way (a member joining while it is published) is made up by the node's next one: each drops
/// everything received up to its time, so it covers the ones before it.
/// </summary>
public sealed class NodeFileTrims : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NodeFileTrims(ConcurrentQueue<NodeLogTrimmed> pending)
    {
        Receive<NodeLogTrimmed>(pending.Enqueue);
        Receive<SubscribeAck>(_ => _log.Debug("Per-node files: subscribed to the cluster's retention trims"));
    }

    protected override void PreStart()
    {
        if (((ExtendedActorSystem)Context.System).Provider is IClusterActorRefProvider)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(TrimTopic.Name, Self));
        }
        else
        {
            Context.System.EventStream.Subscribe(Self, typeof(NodeLogTrimmed));
        }
    }

    public static Props Props(ConcurrentQueue<NodeLogTrimmed> pending) =>
        Akka.Actor.Props.Create(() => new NodeFileTrims(pending));
}
