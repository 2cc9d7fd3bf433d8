using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;

namespace KrgLogs.Aggregator.Crashes;

/// <summary>
/// Puts crash news on the cluster topic. Entities tell this actor (not the mediator) so tests can hand them a
/// probe instead.
/// </summary>
public sealed class CrashPublisher : ReceiveActor
{
    public CrashPublisher()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<CrashDetected>(m => mediator.Tell(new Publish(CrashTopic.Name, m)));
        Receive<CrashStarted>(m => mediator.Tell(new Publish(CrashTopic.Name, m)));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new CrashPublisher());
}

public static class CrashPublisherHosting
{
    public static AkkaConfigurationBuilder AddCrashPublisherActor(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry) => registry.Register<CrashPublisher>(system.ActorOf(CrashPublisher.Props(), "crash-publisher")));
}
