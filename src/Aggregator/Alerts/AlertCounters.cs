using System.Collections.Concurrent;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// Per-webhook delivery counts of this process (the dispatcher runs on one aggregator of the cluster: the others
/// show zeros). Thread-safe: the delivery streams write, <c>/metrics</c> reads.
/// </summary>
public sealed class AlertCounters
{
    private readonly ConcurrentDictionary<string, Counts> _byWebhook = new(StringComparer.Ordinal);

    public void Sent(string webhook) => Interlocked.Increment(ref Of(webhook).SentCount);

    public void Failed(string webhook) => Interlocked.Increment(ref Of(webhook).FailedCount);

    public void Retried(string webhook) => Interlocked.Increment(ref Of(webhook).RetriedCount);

    /// <summary>Makes a webhook show up with zeros before its first delivery.</summary>
    public void Register(string webhook) => Of(webhook);

    public IReadOnlyList<(string Webhook, long Sent, long Failed, long Retried)> Snapshot() =>
        [.. _byWebhook.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, Interlocked.Read(ref kv.Value.SentCount), Interlocked.Read(ref kv.Value.FailedCount), Interlocked.Read(ref kv.Value.RetriedCount)))];

    private Counts Of(string webhook) => _byWebhook.GetOrAdd(webhook, _ => new Counts());

    private sealed class Counts
    {
        public long SentCount;
        public long FailedCount;
        public long RetriedCount;
    }
}
