using KrgLogs.Receiver.Protocol;

namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// One node's batches between "read from the socket" and "persisted by the entity": numbered in order, at most
/// a window of them in flight, resent go-back-N style when no ack comes. No Akka here; the forwarder drives it.
/// </summary>
public sealed class NodeOutbox(string node, string sender, int window, TimeSpan resendAfter)
{
    private readonly LinkedList<NodeBatch> _unacked = new();
    private long _nextSeq = 1;
    private int _inFlight;
    private DateTimeOffset _lastProgress;
    private int _unansweredResends;

    /// <summary>Resends without progress double the wait, up to this many times the timeout.</summary>
    public const int MaxResendBackoff = 4;

    public string Node => node;

    public int Count => _unacked.Count;

    public long Bytes { get; private set; }

    /// <summary>Datagrams and bytes held, acked or not yet.</summary>
    public (long Datagrams, long Bytes) Held() => (_unacked.Sum(b => (long)b.Datagrams.Count), Bytes);

    /// <summary>Numbers a batch and queues it; returns it when the window allows sending it now.</summary>
    public NodeBatch? Enqueue(DatagramBatch datagrams, DateTimeOffset now)
    {
        var batch = new NodeBatch(node, sender, _nextSeq++, datagrams);
        _unacked.AddLast(batch);
        Bytes += datagrams.ByteCount;
        if (_inFlight >= window)
        {
            return null;
        }

        if (_inFlight == 0)
        {
            _lastProgress = now;
        }

        _inFlight++;
        return batch;
    }

    /// <summary>Drops every batch up to <paramref name="upTo"/>; returns the bytes freed and fills
    /// <paramref name="sendNow"/> with batches the window now lets out.</summary>
    public long Ack(long upTo, DateTimeOffset now, List<NodeBatch> sendNow)
    {
        long freed = 0;
        while (_unacked.First is { } first && first.Value.Seq <= upTo)
        {
            freed += first.Value.Datagrams.ByteCount;
            _unacked.RemoveFirst();
            _inFlight = Math.Max(0, _inFlight - 1);
        }

        if (freed > 0)
        {
            _lastProgress = now;
            _unansweredResends = 0;
            Bytes -= freed;
            SendWithinWindow(sendNow);
        }

        return freed;
    }

    /// <summary>
    /// When the oldest batch in flight waited too long, everything in the window goes out again. Each resend that
    /// brings no ack doubles the wait (up to <see cref="MaxResendBackoff"/> times): an entity that is only slow
    /// (an overloaded disk) is not flooded with copies, while one that moved is still found within seconds.
    /// </summary>
    public void CollectResends(DateTimeOffset now, List<NodeBatch> resend)
    {
        if (_inFlight == 0 || now - _lastProgress < resendAfter * Math.Min(MaxResendBackoff, 1 << Math.Min(_unansweredResends, 16)))
        {
            return;
        }

        _lastProgress = now;
        _unansweredResends++;
        var node = _unacked.First;
        for (var i = 0; i < _inFlight && node is not null; i++, node = node.Next)
        {
            resend.Add(node.Value);
        }
    }

    private void SendWithinWindow(List<NodeBatch> sendNow)
    {
        var node = _unacked.First;
        for (var i = 0; node is not null; i++, node = node.Next)
        {
            if (i < _inFlight)
            {
                continue;
            }

            if (_inFlight >= window)
            {
                break;
            }

            sendNow.Add(node.Value);
            _inFlight++;
        }
    }
}
