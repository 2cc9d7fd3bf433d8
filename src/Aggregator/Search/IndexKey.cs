namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The index's primary key: the receive time in milliseconds in the high bits, a slot in the low 21 bits. Keys
/// sort by receive time, so "newest first" is a plain walk down the key (SQLite's FTS5 streams rowids in key
/// order and stops at the limit: a common word costs no more than a rare one). Lines of the same millisecond
/// take the next free slot in arrival order (2M slots per millisecond: the writer spills into the next
/// millisecond rather than fail, and queries widen their key bounds by one millisecond for that).
/// </summary>
public static class IndexKey
{
    public const int SlotBits = 21;
    public const long SlotsPerMillisecond = 1L << SlotBits;

    /// <summary>The first key of the millisecond <paramref name="at"/> falls in; times before 1970 count as 1970.</summary>
    public static long BucketStart(DateTimeOffset at) => Math.Max(0, at.ToUnixTimeMilliseconds()) << SlotBits;

    /// <summary>The smallest key a line received at or after <paramref name="from"/> can have.</summary>
    public static long LowerBound(DateTimeOffset from) => BucketStart(from);

    /// <summary>A key above every line received before <paramref name="to"/> (one spare millisecond for spilled slots).</summary>
    public static long UpperBound(DateTimeOffset to) => BucketStart(to) + (2 * SlotsPerMillisecond);

    public static DateTimeOffset TimeOf(long key) => DateTimeOffset.FromUnixTimeMilliseconds(key >> SlotBits);
}
