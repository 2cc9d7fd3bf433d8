namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Finds where the kernel's message starts in a console line: after an optional
/// <c>** N printk messages dropped **</c>, a <c>login: </c> prompt the message was glued to, a <c>&lt;N&gt;</c> level,
/// the <c>[   12.345678]</c> timestamp and the <c>[T123]</c>/<c>[C1]</c> caller. Allocation-free.
/// </summary>
internal static class ConsolePrefix
{
    private const string DroppedTail = " printk messages dropped ** ";

    /// <summary>Returns the index of the message; <paramref name="callerStart"/>/<paramref name="callerLength"/> locate
    /// the caller tag (e.g. <c>T123</c>) or are 0 when there is none.</summary>
    public static int Parse(ReadOnlySpan<char> text, out int callerStart, out int callerLength, out bool dropped)
    {
        callerStart = 0;
        callerLength = 0;
        dropped = false;
        var i = 0;
        if (text.StartsWith("** "))
        {
            var end = text.IndexOf(DroppedTail);
            if (end > 0)
            {
                dropped = true;
                i = end + DroppedTail.Length;
            }
        }

        if (i < text.Length && text[i] != '[' && text[i] != '<')
        {
            // A console message glued to a getty prompt ("syzkaller login: [   36.8] ...").
            var login = text[i..].IndexOf("login: [");
            if (login >= 0)
            {
                i += login + 7;
            }
        }

        if (i + 2 < text.Length && text[i] == '<' && char.IsAsciiDigit(text[i + 1]))
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j < text.Length && text[j] == '>')
            {
                i = j + 1;
            }
        }

        var afterTime = SkipTimestamp(text, i);
        var timestamped = afterTime > i;
        i = afterTime;
        var afterCaller = SkipCaller(text, i, out var cs, out var cl);
        if (afterCaller > i)
        {
            callerStart = cs;
            callerLength = cl;
            i = afterCaller;
        }

        if ((timestamped || callerLength > 0) && i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>The message part of a console line.</summary>
    public static ReadOnlySpan<char> Content(ReadOnlySpan<char> text) => text[Parse(text, out _, out _, out _)..];

    private static int SkipTimestamp(ReadOnlySpan<char> text, int i)
    {
        if (i >= text.Length || text[i] != '[')
        {
            return i;
        }

        var j = i + 1;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        var digits = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        if (j == digits || j >= text.Length || text[j] != '.')
        {
            return i;
        }

        j++;
        var fraction = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        return j > fraction && j < text.Length && text[j] == ']' ? j + 1 : i;
    }

    private static int SkipCaller(ReadOnlySpan<char> text, int i, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (i + 3 >= text.Length || text[i] != '[')
        {
            return i;
        }

        var j = i + 1;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j >= text.Length || (text[j] != 'T' && text[j] != 'C'))
        {
            return i;
        }

        var tag = j;
        j++;
        var digits = j;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        if (j == digits || j >= text.Length || text[j] != ']')
        {
            return i;
        }

        start = tag;
        length = j - tag;
        return j + 1;
    }
}
