namespace KrgLogs.Aggregator.Follow;

/// <summary>Live followers of this aggregator (<c>/api/nodes/{node}/follow</c>) and the slow ones it dropped.</summary>
public sealed class FollowCounters
{
    private long _connected;
    private long _started;
    private long _dropped;

    public long Connected => Interlocked.Read(ref _connected);

    public long Started => Interlocked.Read(ref _started);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Connect()
    {
        Interlocked.Increment(ref _connected);
        Interlocked.Increment(ref _started);
    }

    public void Disconnect() => Interlocked.Decrement(ref _connected);

    public void Drop() => Interlocked.Increment(ref _dropped);
}
