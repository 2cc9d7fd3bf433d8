using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// One stretch of dropping (the outbox stayed full too long): counts every drop per node in the receiver's counters,
/// warns once when it starts, and when it ends logs how much each node lost. Used by one socket thread only.
/// </summary>
public sealed class DropEpisode(ReceiverCounters counters, ILogger logger, string reason)
{
    private const int NodesNamedInLog = 20;
    private readonly Dictionary<string, long> _byNode = [];
    private long _startedMs;

    public bool Active { get; private set; }

    public void Drop(string node, int bytes)
    {
        if (!Active)
        {
            Active = true;
            _startedMs = Environment.TickCount64;
            logger.LogWarning("Outbox still full: dropping new datagrams ({Reason}), counted per node, until the entities ack again", reason);
        }

        counters.Dropped(node, reason, 1, bytes);
        _byNode[node] = _byNode.GetValueOrDefault(node) + 1;
    }

    /// <summary>Room again: log the episode's losses (the biggest first, bounded) and start afresh.</summary>
    public void End()
    {
        if (!Active)
        {
            return;
        }

        var worst = _byNode.OrderByDescending(n => n.Value).Take(NodesNamedInLog).Select(n => $"{n.Key}: {n.Value}");
        logger.LogWarning(
            "Dropped {Datagrams} datagrams of {Nodes} nodes in {Seconds:F1} s ({Reason}): {PerNode}",
            _byNode.Values.Sum(),
            _byNode.Count,
            (Environment.TickCount64 - _startedMs) / 1000.0,
            reason,
            string.Join(", ", worst));
        _byNode.Clear();
        Active = false;
    }
}
