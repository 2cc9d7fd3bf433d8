using System.Globalization;
using CsCheck;
using KrgLogs.Shared.Text;

namespace KrgLogs.Shared.Tests.Text;

public sealed class UtcTimestampTests
{
    [Fact]
    public void A_time_is_utc_with_microseconds_at_a_fixed_width()
    {
        var chars = new char[UtcTimestamp.Length];
        UtcTimestamp.Format(new DateTime(2026, 11, 9, 3, 4, 5, DateTimeKind.Utc).AddTicks(70_009), chars);
        Assert.Equal("2026-11-09T03:04:05.007000Z", new string(chars));
    }

    /// <summary>Digit by digit, it writes what the general formatter writes, over the whole range of times.</summary>
    [Fact]
    public void Writes_what_the_general_formatter_writes()
    {
        Gen.Long[0, DateTime.MaxValue.Ticks].Sample(ticks =>
        {
            var chars = new char[UtcTimestamp.Length]; // samples run in parallel
            var time = new DateTime(ticks, DateTimeKind.Utc);
            UtcTimestamp.Format(time, chars);
            Assert.Equal(time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), new string(chars));
        });
    }
}
