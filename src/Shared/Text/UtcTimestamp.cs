namespace KrgLogs.Shared.Text;

/// <summary>
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>: UTC with microseconds and a fixed width, the time that starts every line of a
/// per-node file. Written digit by digit because it is written for every line stored; the general
/// <see cref="DateTime.TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> parses its format
/// string each time and cost as much as the rest of the line.
/// </summary>
public static class UtcTimestamp
{
    public const int Length = 27;

    /// <summary>The same as a <see cref="DateTime"/> format string, for reading a time back.</summary>
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Writes <paramref name="utc"/> (read as UTC, whatever its kind) into the first <see cref="Length"/> chars.</summary>
    public static void Format(DateTime utc, Span<char> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"needs {Length} chars", nameof(destination));
        }

        var (year, month, day) = utc;
        var timeOfDay = utc.Ticks % TimeSpan.TicksPerDay;
        Digits(destination[..4], year);
        destination[4] = '-';
        Digits(destination.Slice(5, 2), month);
        destination[7] = '-';
        Digits(destination.Slice(8, 2), day);
        destination[10] = 'T';
        Digits(destination.Slice(11, 2), (int)(timeOfDay / TimeSpan.TicksPerHour));
        destination[13] = ':';
        Digits(destination.Slice(14, 2), (int)(timeOfDay / TimeSpan.TicksPerMinute % 60));
        destination[16] = ':';
        Digits(destination.Slice(17, 2), (int)(timeOfDay / TimeSpan.TicksPerSecond % 60));
        destination[19] = '.';
        Digits(destination.Slice(20, 6), (int)(timeOfDay % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
        destination[26] = 'Z';
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
