using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class YearInferenceTests
{
    private static DateTimeOffset? Stamp(string bsd, DateTimeOffset receivedAt, TimeZoneInfo? zone = null) =>
        Wire.Message($"<13>{bsd} host app: x", new SyslogOptions { TimeZone = zone ?? TimeZoneInfo.Utc }, receivedAt).Timestamp;

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void Same_year_when_near_the_reception()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero), Stamp("Nov 26 11:00:00", new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void December_message_received_in_january_is_last_year()
    {
        Assert.Equal(
            new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.Zero),
            Stamp("Dec 31 23:59:58", new(2027, 1, 1, 0, 0, 2, TimeSpan.Zero)));
    }

    [Fact]
    public void January_message_from_a_fast_clock_received_in_december_is_next_year()
    {
        Assert.Equal(
            new DateTimeOffset(2027, 1, 1, 0, 0, 3, TimeSpan.Zero),
            Stamp("Jan  1 00:00:03", new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void A_message_a_few_hours_ahead_stays_this_year()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero), Stamp("Nov 26 18:00:00", new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_message_weeks_in_the_future_is_last_year()
    {
        Assert.Equal(new DateTimeOffset(2025, 12, 20, 12, 0, 0, TimeSpan.Zero), Stamp("Dec 20 12:00:00", new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Tolerance_is_configurable()
    {
        var options = new SyslogOptions { FutureTolerance = TimeSpan.FromHours(1) };
        var m = Wire.Message("<13>Nov 26 18:00:00 host app: x", options, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(2025, m.Timestamp!.Value.Year);
    }

    [Fact]
    public void February_29_goes_back_to_the_last_leap_year()
    {
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero), Stamp("Feb 29 12:00:00", new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero), Stamp("Feb 29 12:00:00", new(2028, 3, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Year_is_inferred_in_the_configured_zone_not_in_utc()
    {
        // 23:30 UTC on Dec 31 is already Jan 1 in Paris: a Paris "Jan 1 00:20" message is this new year.
        var paris = Zone("Europe/Paris");
        var stamp = Stamp("Jan  1 00:20:00", new(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), paris);

        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 20, 0, TimeSpan.FromHours(1)), stamp);
    }

    [Fact]
    public void Zone_offset_follows_daylight_saving()
    {
        var paris = Zone("Europe/Paris");

        Assert.Equal(TimeSpan.FromHours(2), Stamp("Jul 14 12:00:00", new(2026, 7, 14, 12, 0, 0, TimeSpan.Zero), paris)!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(1), Stamp("Nov 26 12:00:00", new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), paris)!.Value.Offset);
    }

    [Fact]
    public void Repeated_hour_at_fall_back_picks_the_reading_nearest_the_reception()
    {
        // Paris, 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
        var paris = Zone("Europe/Paris");

        Assert.Equal(
            new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero),
            Stamp("Oct 25 02:30:00", new(2026, 10, 25, 0, 30, 1, TimeSpan.Zero), paris)!.Value.ToUniversalTime());
        Assert.Equal(
            new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero),
            Stamp("Oct 25 02:30:00", new(2026, 10, 25, 1, 30, 1, TimeSpan.Zero), paris)!.Value.ToUniversalTime());
    }

    [Fact]
    public void Hour_skipped_at_spring_forward_uses_the_standard_offset()
    {
        // Paris, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens on the wall.
        var paris = Zone("Europe/Paris");
        var stamp = Stamp("Mar 29 02:30:00", new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), paris);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(1)), stamp);
    }

    [Fact]
    public void New_york_zone_is_applied()
    {
        var stamp = Stamp("Nov 26 07:00:00", new(2026, 11, 26, 12, 0, 5, TimeSpan.Zero), Zone("America/New_York"));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), stamp!.Value.ToUniversalTime());
    }

    [Fact]
    public void Cisco_utc_marker_overrides_the_configured_zone()
    {
        var m = Wire.Message("<189>1: Nov 26 11:00:00 UTC: %X-1-Y: z", new SyslogOptions { TimeZone = Zone("Europe/Paris") });

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero), m.Timestamp);
    }

    [Fact]
    public void Extreme_years_give_no_timestamp_rather_than_an_exception()
    {
        var paris = new SyslogOptions { TimeZone = Zone("Europe/Paris") };

        Assert.Null(Wire.Message("<13>1 0001-01-01T00:00:00+01:00 h a - - - x").Timestamp);
        Assert.Null(Wire.Message("<13>1 9999-12-31T23:59:59-01:00 h a - - - x").Timestamp);
        Assert.Null(Wire.Message("<13>1 0001-01-01T00:00:00 h a - - - x", paris).Timestamp);
    }

    [Fact]
    public void One_parser_gives_exact_offsets_across_a_transition_and_a_repeated_hour()
    {
        // The parser remembers the zone offset of the last minute; it must never reuse it across a change.
        var parser = new SyslogParser(new SyslogOptions { TimeZone = Zone("Europe/Paris") });
        DateTimeOffset? At(string bsd, DateTimeOffset receivedAt) =>
            parser.ParseMessage(Wire.Bytes($"<13>{bsd} h a: x"), receivedAt).Timestamp;

        var before = new DateTimeOffset(2026, 10, 25, 0, 59, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(2), At("Oct 25 01:59:00", before)!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(2), At("Oct 25 01:59:30", before)!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), At("Oct 25 02:30:00", before.AddMinutes(-29))!.Value.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), At("Oct 25 02:30:00", before.AddMinutes(31))!.Value.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(1), At("Oct 25 03:00:00", before.AddHours(2))!.Value.Offset);
        Assert.Equal(TimeSpan.FromHours(2), At("Oct 25 01:59:00", before)!.Value.Offset);
    }

    [Fact]
    public void One_parser_follows_the_reception_across_new_year()
    {
        var parser = new SyslogParser(new SyslogOptions { TimeZone = Zone("Europe/Paris") });
        int Year(string bsd, DateTimeOffset receivedAt) =>
            parser.ParseMessage(Wire.Bytes($"<13>{bsd} h a: x"), receivedAt).Timestamp!.Value.Year;

        Assert.Equal(2026, Year("Dec 31 23:59:00", new(2026, 12, 31, 22, 59, 30, TimeSpan.Zero)));
        Assert.Equal(2026, Year("Dec 31 23:59:59", new(2026, 12, 31, 23, 0, 1, TimeSpan.Zero)));
        Assert.Equal(2027, Year("Jan  1 00:00:01", new(2026, 12, 31, 23, 0, 2, TimeSpan.Zero)));
        Assert.Equal(2026, Year("Dec 31 23:59:58", new(2026, 12, 31, 23, 0, 3, TimeSpan.Zero)));
    }
}
