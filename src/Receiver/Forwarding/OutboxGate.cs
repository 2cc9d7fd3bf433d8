namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// Bounds the bytes a receiver holds until their entities ack them. When full, the socket loop waits here, so
/// the kernel's socket buffer absorbs the burst (and counts its own drops) instead of our memory growing.
/// </summary>
public sealed class OutboxGate(long maxBytes, ReceiverCounters counters) : IDisposable
{
    private readonly ManualResetEventSlim _room = new(initialState: true);
    private long _fullSinceMs;

    public void Add(long bytes)
    {
        counters.OutboxChanged(bytes);
        if (counters.OutboxBytes > maxBytes)
        {
            if (_room.IsSet)
            {
                Interlocked.Exchange(ref _fullSinceMs, Environment.TickCount64);
            }

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

    /// <summary>
    /// Blocks while the outbox is over its bound, but no longer than <paramref name="maxPause"/> after it filled:
    /// <see cref="GateWait.StillFull"/> then tells the caller to read and drop (counted) rather than leave it to the kernel.
    /// </summary>
    public GateWait WaitForRoom(TimeSpan maxPause, CancellationToken cancel)
    {
        if (_room.IsSet)
        {
            return GateWait.Room;
        }

        var left = Interlocked.Read(ref _fullSinceMs) + (long)maxPause.TotalMilliseconds - Environment.TickCount64;
        if (left <= 0)
        {
            return GateWait.StillFull;
        }

        counters.ReadPaused();
        try
        {
            return _room.Wait(TimeSpan.FromMilliseconds(left), cancel) ? GateWait.Room : GateWait.StillFull;
        }
        catch (OperationCanceledException)
        {
            return GateWait.Cancelled;
        }
    }

    public void Dispose() => _room.Dispose();
}

/// <summary>What <see cref="OutboxGate.WaitForRoom(TimeSpan, CancellationToken)"/> found.</summary>
public enum GateWait
{
    Room,
    StillFull,
    Cancelled,
}
