namespace KrgLogs.Shared.Syslog;

/// <summary>The printk time prefix <c>[%5lu.%06lu]</c> that a console line starts with.</summary>
internal static class KernelTimestamp
{
    /// <summary>Microseconds since boot, or -1 when <paramref name="text"/> does not start with <c>[ seconds.micros]</c>.</summary>
    public static long Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length < 4 || text[0] != (byte)'[')
        {
            return -1;
        }

        var i = 1;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }

        long seconds = 0;
        var start = i;
        while (i < text.Length && SyslogTimestamp.IsDigit(text[i]) && i - start < 12)
        {
            seconds = (seconds * 10) + (text[i] - '0');
            i++;
        }

        if (i == start || i >= text.Length || text[i] != (byte)'.')
        {
            return -1;
        }

        i++;
        long micros = 0;
        var digits = 0;
        while (i < text.Length && SyslogTimestamp.IsDigit(text[i]))
        {
            // The kernel prints exactly 6 digits; fewer are scaled, more are cut.
            if (digits < 6)
            {
                micros = (micros * 10) + (text[i] - '0');
            }

            digits++;
            i++;
        }

        if (digits == 0 || i >= text.Length || text[i] != (byte)']')
        {
            return -1;
        }

        for (; digits < 6; digits++)
        {
            micros *= 10;
        }

        return (seconds * 1_000_000) + micros;
    }
}
