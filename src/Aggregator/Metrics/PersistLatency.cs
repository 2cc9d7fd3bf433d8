using System.Diagnostics;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Time from a batch's arrival at its node's entity to the persisted acknowledgement, for every entity of this
/// process: a fixed-bucket histogram, lock-free (entities record, <c>/metrics</c> reads).
/// </summary>
public static class PersistLatency
{
    /// <summary>Upper bounds in seconds: a group commit takes milliseconds; a stalled journal, seconds.</summary>
    public static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly long[] Counts = new long[Bounds.Length + 1];
    private static long _count;
    private static long _sumMicroseconds;

    /// <summary>Records the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void ObserveSince(long startedAt)
    {
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var bucket = Array.FindIndex(Bounds, b => seconds <= b);
        Interlocked.Increment(ref Counts[bucket < 0 ? Bounds.Length : bucket]);
        Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1_000_000));
        Interlocked.Increment(ref _count);
    }

    public static (IReadOnlyList<(double UpperBound, long Cumulative)> Buckets, double Sum, long Count) Snapshot()
    {
        var buckets = new List<(double, long)>(Bounds.Length);
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref Counts[i]);
            buckets.Add((Bounds[i], cumulative));
        }

        var count = Math.Max(cumulative + Interlocked.Read(ref Counts[Bounds.Length]), 0);
        return (buckets, Interlocked.Read(ref _sumMicroseconds) / 1_000_000.0, count);
    }
}
