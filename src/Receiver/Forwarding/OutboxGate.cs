namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// Bounds the bytes a receiver holds until their entities ack them. When full, the socket loop waits here, so
/// the kernel's socket buffer absorbs the burst (and counts its own drops) instead of our memory growing.
/// </summary>
public sealed class OutboxGate(long maxBytes, ReceiverCounters counters) : IDisposable
{
    private readonly ManualResetEventSlim _room = new(initialState: true);

    public void Add(long bytes)
    {
        counters.OutboxChanged(bytes);
        if (counters.OutboxBytes > maxBytes)
        {
            _room.Reset();
            if (counters.OutboxBytes <= maxBytes)
            {
                _room.Set(); // an ack raced the reset
            }
        }
    }

    public void Remove(long bytes)
    {
        counters.OutboxChanged(-bytes);
        if (counters.OutboxBytes <= maxBytes)
        {
            _room.Set();
        }
    }

    /// <summary>False while the outbox is over its bound.</summary>
    public bool HasRoom => _room.IsSet;

    /// <summary>Blocks the caller while the outbox is over its bound; returns false if cancelled.</summary>
    public bool WaitForRoom(CancellationToken cancel)
    {
        if (_room.IsSet)
        {
            return true;
        }

        counters.ReadPaused();
        try
        {
            _room.Wait(cancel);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _room.Dispose();
}
