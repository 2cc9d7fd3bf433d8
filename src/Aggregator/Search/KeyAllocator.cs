namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Hands out index keys within one write transaction: the next free slot of each millisecond, asking the
/// database (<c>lastUsed(lo, hi)</c>: the largest key in [lo, hi), or null) once per millisecond and counting
/// from there. A full millisecond spills into the next one's slots. Only one transaction writes at a time
/// (SQLite: one writer; PostgreSQL: the offset row is locked), so keys never collide.
/// </summary>
public sealed class KeyAllocator(Func<long, long, long?> lastUsed)
{
    private readonly Dictionary<long, long> _next = [];

    public long Next(DateTimeOffset receivedAt) => NextInBucket(IndexKey.BucketStart(receivedAt));

    private long NextInBucket(long bucket)
    {
        if (!_next.TryGetValue(bucket, out var next))
        {
            next = lastUsed(bucket, bucket + IndexKey.SlotsPerMillisecond) is { } last ? last + 1 : bucket;
        }

        if (next >= bucket + IndexKey.SlotsPerMillisecond)
        {
            _next[bucket] = next;
            return NextInBucket(bucket + IndexKey.SlotsPerMillisecond);
        }

        _next[bucket] = next + 1;
        return next;
    }
}
