namespace KrgLogs.Shared.Netconsole;

/// <summary>The prefixes printk puts before a console line: <c>&lt;N&gt;</c>, <c>[%5lu.%06lu]</c>, <c>[  T123]</c>.</summary>
internal static class PrintkPrefix
{
    /// <summary><c>&lt;N&gt;</c> (console_msg_format=syslog, or the old patch's <c>&lt;5&gt; </c>): its length, or 0.</summary>
    public static int ParsePriority(ReadOnlySpan<char> s, out int priority)
    {
        priority = 0;
        if (s.Length < 3 || s[0] != '<')
        {
            return 0;
        }

        var i = 1;
        while (i < s.Length && i <= 4 && char.IsAsciiDigit(s[i]))
        {
            priority = (priority * 10) + (s[i] - '0');
            i++;
        }

        return i > 1 && i <= 4 && i < s.Length && s[i] == '>' ? i + 1 : 0;
    }

    /// <summary><c>[   12.345678]</c>: its length (without the following space), or 0.</summary>
    public static int ParseTime(ReadOnlySpan<char> s, out long microseconds)
    {
        microseconds = -1;
        if (s.Length < 10 || s[0] != '[')
        {
            return 0;
        }

        var i = 1;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        long seconds = 0;
        var digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - digitsStart < 12)
        {
            seconds = (seconds * 10) + (s[i] - '0');
            i++;
        }

        if (i == digitsStart || i + 8 > s.Length || s[i] != '.')
        {
            return 0;
        }

        long fraction = 0;
        for (var k = 1; k <= 6; k++)
        {
            var c = s[i + k];
            if (!char.IsAsciiDigit(c))
            {
                return 0;
            }

            fraction = (fraction * 10) + (c - '0');
        }

        if (s[i + 7] != ']')
        {
            return 0;
        }

        microseconds = (seconds * 1_000_000) + fraction;
        return i + 8;
    }

    /// <summary><c>[    T123]</c> (CONFIG_PRINTK_CALLER): its length, or 0; <paramref name="caller"/> is trimmed.</summary>
    public static int ParseCaller(ReadOnlySpan<char> s, out ReadOnlySpan<char> caller)
    {
        caller = default;
        if (s.Length < 4 || s[0] != '[')
        {
            return 0;
        }

        var i = 1;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        if (i >= s.Length || (s[i] != 'T' && s[i] != 'C'))
        {
            return 0;
        }

        var start = i;
        i++;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start + 1 || i >= s.Length || s[i] != ']')
        {
            return 0;
        }

        caller = s[start..i];
        return i + 1;
    }
}
