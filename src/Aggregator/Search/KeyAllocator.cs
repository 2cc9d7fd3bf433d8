namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Hands out index keys within one write transaction: the next free slots of each millisecond, asking the
/// database (<c>lastUsed(lo, hi)</c>: the largest key in use in [lo, hi), or null) once per millisecond and counting
/// from there. A run of keys that does not fit its millisecond goes to the next one. Only one transaction writes at a
/// time (SQLite: one writer; PostgreSQL: the offset row is locked), so keys never collide.
/// </summary>
public sealed class KeyAllocator(Func<long, long, long?> lastUsed)
{
    private readonly Dictionary<long, long> _next = [];

    /// <summary>The first of <paramref name="count"/> consecutive keys for lines received at <paramref name="receivedAt"/>.</summary>
    public long Next(DateTimeOffset receivedAt, int count = 1) => NextInBucket(IndexKey.BucketStart(receivedAt), count);

    private long NextInBucket(long bucket, int count)
    {
        if (!_next.TryGetValue(bucket, out var next))
        {
            next = lastUsed(bucket, bucket + IndexKey.SlotsPerMillisecond) is { } last ? last + 1 : bucket;
        }

        if (next + count > bucket + IndexKey.SlotsPerMillisecond)
        {
            _next[bucket] = next;
            return NextInBucket(bucket + IndexKey.SlotsPerMillisecond, count);
        }

        _next[bucket] = next + count;
        return next;
    }
}
