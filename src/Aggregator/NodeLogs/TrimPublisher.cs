using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Hosting;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Passes the retention trims of the entities this aggregator hosts (<see cref="NodeLogTrimmed"/> on its event
/// stream) on to the cluster topic <see cref="TrimTopic.Name"/>, so every aggregator trims its copy of the node's
/// file. The entities keep publishing locally only: their unit tests need no cluster, and the shared search index
/// is trimmed once, by the host.
/// </summary>
public sealed class TrimPublisher : ReceiveActor
{
    public TrimPublisher()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<NodeLogTrimmed>(m => mediator.Tell(new Publish(TrimTopic.Name, m)));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(NodeLogTrimmed));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props() => Akka.Actor.Props.Create(() => new TrimPublisher());
}

public static class TrimPublisherHosting
{
    public static AkkaConfigurationBuilder AddTrimPublisherActor(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<TrimPublisher>(system.ActorOf(TrimPublisher.Props(), "trim-publisher")));
}
