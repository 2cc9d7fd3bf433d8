namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// How long to wait before the next try of a delivery: <see cref="First"/>, doubling per failure, never more than
/// <see cref="Max"/>. Pure, so the schedule is unit-tested rather than waited for.
/// </summary>
public sealed record RetrySchedule(TimeSpan First, TimeSpan Max)
{
    public static readonly RetrySchedule Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>The wait after failure number <paramref name="failures"/> (1 for the first failure).</summary>
    public TimeSpan Delay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        if (First <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var cap = Max < First ? First : Max;
        // Doubling past 2^62 ticks would overflow: by then the cap has long been reached.
        var shift = Math.Min(failures - 1, 62);
        var ticks = First.Ticks;
        for (var i = 0; i < shift && ticks < cap.Ticks; i++)
        {
            ticks *= 2;
        }

        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks(ticks);
    }
}
