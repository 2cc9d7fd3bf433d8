namespace KrgLogs.Shared.Syslog;

/// <summary>The two timestamp shapes syslog senders use, read straight from bytes (no string, no culture).</summary>
internal static class SyslogTimestamp
{
    // "Jan".."Dec" as little-endian 3-byte keys, lower-cased.
    private static ReadOnlySpan<byte> Months => "janfebmaraprmayjunjulaugsepoctnovdec"u8;

    /// <summary>
    /// RFC 3164 <c>Mmm dd hh:mm:ss</c>; also <c>Mmm  d</c>, <c>Mmm d</c>, a fraction (<c>.123</c>) and a year
    /// before the time (<c>Mmm dd yyyy hh:mm:ss</c>, Cisco and some appliances).
    /// </summary>
    public static bool TryParseBsd(
        ReadOnlySpan<byte> s,
        out int consumed,
        out int year,
        out int month,
        out int day,
        out long timeOfDayTicks)
    {
        consumed = 0;
        year = 0;
        month = 0;
        day = 0;
        timeOfDayTicks = 0;
        if (s.Length < 14 || s[3] != (byte)' ')
        {
            return false;
        }

        month = MonthOf(s);
        if (month == 0)
        {
            return false;
        }

        int i;
        if (s[4] == (byte)' ' && IsDigit(s[5]))
        {
            day = s[5] - '0';
            i = 6;
        }
        else if (IsDigit(s[4]) && IsDigit(s[5]))
        {
            day = ((s[4] - '0') * 10) + (s[5] - '0');
            i = 6;
        }
        else if (IsDigit(s[4]) && s[5] == (byte)' ')
        {
            day = s[4] - '0';
            i = 5;
        }
        else
        {
            return false;
        }

        if (day is < 1 or > 31 || i >= s.Length || s[i] != (byte)' ')
        {
            return false;
        }

        i++;
        if (s.Length >= i + 5 && IsDigit(s[i]) && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) && s[i + 4] == (byte)' ')
        {
            year = Digits(s.Slice(i, 4));
            i += 5;
        }

        if (!TryParseTime(s[i..], out var timeLength, out timeOfDayTicks))
        {
            return false;
        }

        consumed = i + timeLength;
        return true;
    }

    /// <summary>RFC 3339 <c>yyyy-MM-ddTHH:mm:ss[.f][Z|±hh:mm]</c>; without an offset the time is the caller's zone.</summary>
    public static bool TryParseIso(ReadOnlySpan<byte> s, out int consumed, out DateTime wallTime, out TimeSpan? offset)
    {
        consumed = 0;
        wallTime = default;
        offset = null;
        if (s.Length < 19
            || !IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3]) || s[4] != (byte)'-'
            || !IsDigit(s[5]) || !IsDigit(s[6]) || s[7] != (byte)'-' || !IsDigit(s[8]) || !IsDigit(s[9])
            || (s[10] | 0x20) != (byte)'t')
        {
            return false;
        }

        var year = Digits(s[..4]);
        var month = Digits(s.Slice(5, 2));
        var day = Digits(s.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || !TryParseTime(s[11..], out var timeLength, out var ticks))
        {
            return false;
        }

        var i = 11 + timeLength;
        if (i < s.Length && (s[i] | 0x20) == (byte)'z')
        {
            offset = TimeSpan.Zero;
            i++;
        }
        else if (i < s.Length && (s[i] == (byte)'+' || s[i] == (byte)'-'))
        {
            // ±hh:mm, also ±hhmm and ±hh.
            var rest = s[(i + 1)..];
            int hours;
            var minutes = 0;
            int length;
            if (rest.Length >= 5 && IsDigit(rest[0]) && IsDigit(rest[1]) && rest[2] == (byte)':' && IsDigit(rest[3]) && IsDigit(rest[4]))
            {
                hours = Digits(rest[..2]);
                minutes = Digits(rest.Slice(3, 2));
                length = 5;
            }
            else if (rest.Length >= 4 && IsDigit(rest[0]) && IsDigit(rest[1]) && IsDigit(rest[2]) && IsDigit(rest[3]))
            {
                hours = Digits(rest[..2]);
                minutes = Digits(rest.Slice(2, 2));
                length = 4;
            }
            else if (rest.Length >= 2 && IsDigit(rest[0]) && IsDigit(rest[1]))
            {
                hours = Digits(rest[..2]);
                length = 2;
            }
            else
            {
                return false;
            }

            if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60)
            {
                return false; // beyond ±14:00 no zone exists, and DateTimeOffset throws (found by fuzzing: -14:15)
            }

            var value = new TimeSpan(hours, minutes, 0);
            offset = s[i] == (byte)'-' ? -value : value;
            i += 1 + length;
        }

        wallTime = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        consumed = i;
        return true;
    }

    /// <summary>
    /// The instant of a yearless wall time: the latest year in which it is not more than
    /// <paramref name="futureTolerance"/> after <paramref name="receivedAt"/>, so "Dec 31" received on Jan 1 is
    /// last year and "Jan 1 00:00:05" received on Dec 31 23:59:59 (sender clock ahead) is next year.
    /// </summary>
    public static DateTimeOffset? ResolveYearless(
        int month,
        int day,
        long timeOfDayTicks,
        DateTimeOffset receivedAt,
        ZoneClock zone,
        TimeSpan futureTolerance)
    {
        var now = zone.WallTime(receivedAt);
        var limit = now.Ticks > DateTime.MaxValue.Ticks - futureTolerance.Ticks ? DateTime.MaxValue : now + futureTolerance;

        // Feb 29 may need to go back to the last leap year; nothing else needs more than one step back.
        for (var year = Math.Min(9999, now.Year + 1); year >= Math.Max(1, now.Year - 8); year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var wall = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(timeOfDayTicks);
            if (wall <= limit)
            {
                return zone.ToInstant(wall, receivedAt);
            }
        }

        return null;
    }

    public static DateTimeOffset? FromParts(int year, int month, int day, long timeOfDayTicks, DateTimeOffset receivedAt, ZoneClock zone)
    {
        if (year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        return zone.ToInstant(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(timeOfDayTicks), receivedAt);
    }

    public static DateTimeOffset? WithOffset(DateTime wall, TimeSpan offset)
    {
        var utcTicks = wall.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(wall, offset);
    }

    /// <summary><c>hh:mm:ss</c> with an optional <c>.fraction</c> (any length, kept to 100 ns).</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> s, out int consumed, out long ticks)
    {
        consumed = 0;
        ticks = 0;
        if (s.Length < 8 || !IsDigit(s[0]) || !IsDigit(s[1]) || s[2] != (byte)':' || !IsDigit(s[3]) || !IsDigit(s[4])
            || s[5] != (byte)':' || !IsDigit(s[6]) || !IsDigit(s[7]))
        {
            return false;
        }

        var hour = Digits(s[..2]);
        var minute = Digits(s.Slice(3, 2));

        // A leap second (:60) is read as :59 rather than rejected.
        var second = Math.Min(59, Digits(s.Slice(6, 2)));
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        ticks = (((hour * 60L) + minute) * 60L + second) * TimeSpan.TicksPerSecond;
        var i = 8;
        if (i + 1 < s.Length && s[i] == (byte)'.' && IsDigit(s[i + 1]))
        {
            i++;
            long fraction = 0;
            var scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && IsDigit(s[i]))
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fraction += (s[i] - '0') * scale;
                }

                i++;
            }

            ticks += fraction;
        }

        consumed = i;
        return true;
    }

    private static int MonthOf(ReadOnlySpan<byte> s)
    {
        var a = s[0] | 0x20;
        var b = s[1] | 0x20;
        var c = s[2] | 0x20;
        var months = Months;
        for (var m = 0; m < 12; m++)
        {
            if (months[m * 3] == a && months[(m * 3) + 1] == b && months[(m * 3) + 2] == c)
            {
                return m + 1;
            }
        }

        return 0;
    }

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int Digits(ReadOnlySpan<byte> s)
    {
        var value = 0;
        foreach (var b in s)
        {
            value = (value * 10) + (b - '0');
        }

        return value;
    }
}
