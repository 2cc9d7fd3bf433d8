namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Wall time ↔ instant in one zone, remembering the offset of the last minute asked about: zone lookups cost
/// more than the rest of a parse, and messages arrive minute after minute. Exact as long as the zone's
/// transitions fall on whole minutes (all current tzdata ones do). Not thread-safe, like the parser that owns it.
/// </summary>
internal sealed class ZoneClock
{
    private long _utcMinute = long.MinValue;
    private TimeSpan _utcMinuteOffset;
    private long _wallMinute = long.MinValue;
    private TimeSpan _wallMinuteOffset;

    public ZoneClock(TimeZoneInfo zone)
    {
        Zone = zone;
        IsUtc = zone == TimeZoneInfo.Utc;
    }

    public static ZoneClock Utc { get; } = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone { get; }

    public bool IsUtc { get; }

    /// <summary>The wall clock of the zone at <paramref name="instant"/>.</summary>
    public DateTime WallTime(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        if (IsUtc)
        {
            return DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        }

        var minute = utc.Ticks / TimeSpan.TicksPerMinute;
        if (minute != _utcMinute)
        {
            _utcMinuteOffset = Zone.GetUtcOffset(utc);
            _utcMinute = minute;
        }

        var ticks = utc.Ticks + _utcMinuteOffset.Ticks;
        return ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            ? DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)
            : new DateTime(ticks, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// A wall time as an instant. When the clock went back (the hour happens twice) the reading nearest
    /// <paramref name="receivedAt"/> wins; inside the spring-forward gap the standard offset is used. Null when
    /// the result would fall outside the representable range.
    /// </summary>
    public DateTimeOffset? ToInstant(DateTime wall, DateTimeOffset receivedAt)
    {
        if (IsUtc)
        {
            return new DateTimeOffset(wall, TimeSpan.Zero);
        }

        var minute = wall.Ticks / TimeSpan.TicksPerMinute;
        if (minute == _wallMinute)
        {
            return SyslogTimestamp.WithOffset(wall, _wallMinuteOffset);
        }

        if (Zone.IsAmbiguousTime(wall))
        {
            // Not cached: the answer depends on receivedAt.
            DateTimeOffset? best = null;
            foreach (var candidateOffset in Zone.GetAmbiguousTimeOffsets(wall))
            {
                var candidate = SyslogTimestamp.WithOffset(wall, candidateOffset);
                if (candidate is { } c && (best is null || (c - receivedAt).Duration() < (best.Value - receivedAt).Duration()))
                {
                    best = c;
                }
            }

            return best;
        }

        _wallMinuteOffset = Zone.IsInvalidTime(wall) ? Zone.BaseUtcOffset : Zone.GetUtcOffset(wall);
        _wallMinute = minute;
        return SyslogTimestamp.WithOffset(wall, _wallMinuteOffset);
    }
}
