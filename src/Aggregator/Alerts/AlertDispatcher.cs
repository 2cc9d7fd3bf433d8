using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// The alert dispatcher: a cluster singleton over the aggregators, so exactly one member sends webhooks. It only
/// starts one <see cref="WebhookDelivery"/> child per webhook and restarts a child whose stream failed, with backoff.
/// </summary>
public sealed class AlertDispatcher : ReceiveActor
{
    public AlertDispatcher(IReadOnlyList<WebhookTarget> targets, WebhookSender sender)
    {
        foreach (var target in targets)
        {
            // A failed journal query stops the child; the backoff supervisor starts it again from its stored offset.
            var child = Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnFailure(
                WebhookDelivery.Props(target, sender),
                "delivery",
                TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(30),
                0.2,
                -1));
            Context.ActorOf(child, target.PersistenceId);
        }

        ReceiveAny(_ => { });
    }

    public static Props Props(IReadOnlyList<WebhookTarget> targets, WebhookSender sender) =>
        Akka.Actor.Props.Create(() => new AlertDispatcher(targets, sender));
}

public static class AlertDispatcherHosting
{
    /// <summary>Nothing runs without webhooks; otherwise the singleton lives on one member of <paramref name="role"/>.</summary>
    public static AkkaConfigurationBuilder AddAlertDispatcherActor(this AkkaConfigurationBuilder builder, IServiceProvider services, string role)
    {
        var targets = services.GetRequiredService<IReadOnlyList<WebhookTarget>>();
        if (targets.Count == 0)
        {
            return builder.WithCustomSerializer("krglogs-alerts", [typeof(IAlertMessage)], system => new AlertSerializer(system));
        }

        var sender = services.GetRequiredService<WebhookSender>();
        return builder
            .WithCustomSerializer("krglogs-alerts", [typeof(IAlertMessage)], system => new AlertSerializer(system))
            .WithSingleton<AlertDispatcher>(
                "alert-dispatcher",
                AlertDispatcher.Props(targets, sender),
                new ClusterSingletonOptions { Role = role },
                createProxyToo: false);
    }
}
