using System.Collections.Concurrent;
using Akka.Actor;
using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// Collects this aggregator's retention trims (<see cref="NodeLogTrimmed"/> on the event stream) for the per-node
/// files projection, which applies them on its own thread between batches (the files have one writer).
/// </summary>
public sealed class NodeFileTrims : ReceiveActor
{
    public NodeFileTrims(ConcurrentQueue<NodeLogTrimmed> pending)
    {
        Receive<NodeLogTrimmed>(pending.Enqueue);
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(NodeLogTrimmed));

    public static Props Props(ConcurrentQueue<NodeLogTrimmed> pending) =>
        Akka.Actor.Props.Create(() => new NodeFileTrims(pending));
}
