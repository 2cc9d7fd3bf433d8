using Akka.Actor;
using Akka.Pattern;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// What the shard starts for a node: a back-off supervisor around the <see cref="NodeLog"/>. A persistent actor stops
/// when a write or its recovery fails (disk full, database down); the supervisor starts it again after a growing
/// pause instead of at the next resend, and sharding's passivation (a PoisonPill to the supervisor) still stops both.
/// Messages that come while the entity is down are dropped: the receivers' outboxes resend everything not acked.
/// </summary>
public static class NodeLogBackoff
{
    public const string ChildName = "log";

    public static Props Props(Props nodeLog, NodeLogOptions options) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(nodeLog, ChildName, options.RetryMinBackoff, options.RetryMaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)
                .WithAutoReset(options.RetryMaxBackoff + options.RetryMaxBackoff));
}
