using KrgLogs.Receiver.Protocol;

namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// One node's batches between "read from the socket" and "persisted by the entity": at most a window of them in
/// flight, resent go-back-N style when no ack comes. What waits behind a full window is sent as few batches as the
/// size limits allow once acks make room (numbered only then), so a node the entity is slow to ack gets bigger
/// batches rather than more of them: fewer messages, acks and writes under load. No Akka here; the forwarder
/// drives it.
/// </summary>
public sealed class NodeOutbox(
    string node,
    string sender,
    int window,
    TimeSpan resendAfter,
    int maxBatchDatagrams = int.MaxValue,
    int maxBatchBytes = int.MaxValue)
{
    private readonly LinkedList<NodeBatch> _inFlight = new(); // sent, not acked yet, in sequence order
    private readonly LinkedList<DatagramBatch> _waiting = new(); // behind a full window, not numbered yet
    private readonly List<DatagramBatch> _merge = [];
    private long _nextSeq = 1;
    private DateTimeOffset _lastProgress;
    private int _unansweredResends;

    /// <summary>Resends without progress double the wait, up to this many times the timeout.</summary>
    public const int MaxResendBackoff = 4;

    public string Node => node;

    /// <summary>Batches held: in flight, and waiting as they were handed in.</summary>
    public int Count => _inFlight.Count + _waiting.Count;

    public long Bytes { get; private set; }

    /// <summary>Batches acked so far.</summary>
    public long Acked { get; private set; }

    /// <summary>Datagrams and bytes held, acked or not yet.</summary>
    public (long Datagrams, long Bytes) Held() =>
        (_inFlight.Sum(b => (long)b.Datagrams.Count) + _waiting.Sum(b => (long)b.Count), Bytes);

    /// <summary>Queues a batch; returns it, numbered, when the window allows sending it now.</summary>
    public NodeBatch? Enqueue(DatagramBatch datagrams, DateTimeOffset now)
    {
        Bytes += datagrams.ByteCount;
        if (_inFlight.Count >= window)
        {
            _waiting.AddLast(datagrams);
            return null;
        }

        if (_inFlight.Count == 0)
        {
            _lastProgress = now;
        }

        return Number(datagrams);
    }

    /// <summary>Drops every batch up to <paramref name="upTo"/>; returns the bytes freed and fills
    /// <paramref name="sendNow"/> with batches the window now lets out.</summary>
    public long Ack(long upTo, DateTimeOffset now, List<NodeBatch> sendNow)
    {
        long freed = 0;
        while (_inFlight.First is { } first && first.Value.Seq <= upTo)
        {
            freed += first.Value.Datagrams.ByteCount;
            _inFlight.RemoveFirst();
            Acked++;
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
        if (_inFlight.Count == 0 || now - _lastProgress < resendAfter * Math.Min(MaxResendBackoff, 1 << Math.Min(_unansweredResends, 16)))
        {
            return;
        }

        _lastProgress = now;
        _unansweredResends++;
        resend.AddRange(_inFlight);
    }

    private void SendWithinWindow(List<NodeBatch> sendNow)
    {
        while (_inFlight.Count < window && _waiting.First is { } first)
        {
            // At least one waiting batch, then as many more as fit the limits.
            _merge.Clear();
            int datagrams = 0, bytes = 0;
            for (var next = first; next is not null; next = _waiting.First)
            {
                var batch = next.Value;
                if (_merge.Count > 0 && (datagrams + batch.Count > maxBatchDatagrams || bytes + batch.ByteCount > maxBatchBytes))
                {
                    break;
                }

                _merge.Add(batch);
                datagrams += batch.Count;
                bytes += batch.ByteCount;
                _waiting.RemoveFirst();
            }

            sendNow.Add(Number(DatagramBatch.Concat(_merge)));
        }

        _merge.Clear();
    }

    private NodeBatch Number(DatagramBatch datagrams)
    {
        var batch = new NodeBatch(node, sender, _nextSeq++, datagrams);
        _inFlight.AddLast(batch);
        return batch;
    }
}
