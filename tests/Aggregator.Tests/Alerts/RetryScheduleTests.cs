using CsCheck;
using KrgLogs.Aggregator.Alerts;

namespace KrgLogs.Aggregator.Tests.Alerts;

public sealed class RetryScheduleTests
{
    [Fact]
    public void Doubles_from_the_first_wait_up_to_the_cap()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(
            [1, 2, 4, 8, 10, 10],
            Enumerable.Range(1, 6).Select(n => schedule.Delay(n).TotalSeconds));
    }

    [Fact]
    public void Never_shrinks_never_passes_the_cap_and_never_overflows()
    {
        Gen.Select(Gen.Long[1, TimeSpan.TicksPerHour], Gen.Long[1, TimeSpan.TicksPerDay], Gen.Int[1, 10_000]).Sample((first, max, failures) =>
        {
            var schedule = new RetrySchedule(TimeSpan.FromTicks(first), TimeSpan.FromTicks(max));
            var cap = TimeSpan.FromTicks(Math.Max(first, max));
            var delay = schedule.Delay(failures);
            Assert.InRange(delay, TimeSpan.FromTicks(first), cap);
            Assert.True(schedule.Delay(failures + 1) >= delay);
            Assert.True(schedule.Delay(failures + 1) <= delay * 2 || delay == cap);
        });
    }

    [Fact]
    public void Counts_failures_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.Default.Delay(0));
    }
}
