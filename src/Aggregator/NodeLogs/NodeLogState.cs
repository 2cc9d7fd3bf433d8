using KrgLogs.Aggregator.Crashes;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// A node's state as its events make it: plain C#, no Akka, so recovery is just <see cref="Apply"/> in order.
/// </summary>
public sealed class NodeLogState(int tailCapacity, int maxSenders = NodeLogState.DefaultMaxSenders)
{
    /// <summary>Receiver incarnations remembered for de-duplication; the oldest are forgotten first.</summary>
    public const int DefaultMaxSenders = 64;

    private readonly Dictionary<string, long> _delivered = [];
    private readonly Queue<string> _senderOrder = new();

    public long LineCount { get; private set; }

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public LineTail Tail { get; } = new(tailCapacity);

    public NodeStreamState Decoder { get; private set; } = NodeStreamState.Empty;

    public CrashDetectorState Crashes { get; private set; } = new CrashDetector(CrashDetectorOptions.Default).State;

    public long CrashCount { get; private set; }

    /// <summary>What retention may delete; see <see cref="RetentionIndex"/>.</summary>
    public RetentionIndex Retention { get; } = new();

    public IReadOnlyDictionary<string, long> Delivered => _delivered;

    public bool IsEmpty => LineCount == 0 && _delivered.Count == 0;

    public long DeliveredUpTo(string sender) => _delivered.GetValueOrDefault(sender);

    public void Apply(LinesAppended e)
    {
        foreach (var line in e.Lines)
        {
            Tail.Add(line);
            if (line.ReceivedAt > LastSeen)
            {
                LastSeen = line.ReceivedAt;
            }
        }

        LineCount += e.Lines.Count;
        Decoder = e.Decoder;
        Crashes = e.Crashes;
        foreach (var delivery in e.Deliveries)
        {
            Remember(delivery);
        }
    }

    public void Apply(CrashDetected e) => CrashCount++;

    public void Apply(NodeLogSnapshot snapshot)
    {
        LineCount = snapshot.LineCount;
        LastSeen = snapshot.LastSeen;
        foreach (var line in snapshot.Tail)
        {
            Tail.Add(line);
        }

        Decoder = snapshot.Decoder;
        Crashes = snapshot.Crashes;
        CrashCount = snapshot.CrashCount;
        Retention.CopyFrom(snapshot.Retention);
        foreach (var delivery in snapshot.Delivered)
        {
            Remember(delivery);
        }
    }

    public NodeLogSnapshot ToSnapshot() => new(
        LineCount,
        LastSeen,
        Tail.Last(Tail.Count),
        Decoder,
        [.. _senderOrder.Select(s => new Delivery(s, _delivered[s]))],
        Crashes,
        CrashCount)
    {
        Retention = CopyOf(Retention),
    };

    private static RetentionIndex CopyOf(RetentionIndex index)
    {
        var copy = new RetentionIndex();
        copy.CopyFrom(index);
        return copy;
    }

    private void Remember(Delivery delivery)
    {
        if (!_delivered.ContainsKey(delivery.Sender))
        {
            _senderOrder.Enqueue(delivery.Sender);
            if (_senderOrder.Count > maxSenders)
            {
                _delivered.Remove(_senderOrder.Dequeue());
            }
        }

        _delivered[delivery.Sender] = Math.Max(_delivered.GetValueOrDefault(delivery.Sender), delivery.UpTo);
    }
}
