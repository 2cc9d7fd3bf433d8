using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace KrgLogs.Aggregator.Crashes;

/// <summary>Subscribes to the cluster's crash topic for one listener (an SSE connection) and hands news over.</summary>
public sealed class CrashSubscriber : ReceiveActor
{
    public CrashSubscriber(ChannelWriter<object> news)
    {
        Receive<SubscribeAck>(_ => news.TryWrite(Subscribed.Instance));
        Receive<CrashDetected>(m => news.TryWrite(m));
        Receive<CrashStarted>(m => news.TryWrite(m));
    }

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CrashTopic.Name, Self));

    public static Props Props(ChannelWriter<object> news) => Akka.Actor.Props.Create(() => new CrashSubscriber(news));

    /// <summary>The subscription is in place: news published from now on will arrive.</summary>
    public sealed class Subscribed
    {
        public static readonly Subscribed Instance = new();
    }
}
