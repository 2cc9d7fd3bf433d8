using System.Buffers;

namespace KrgLogs.Shared.Crashes;

/// <summary>What a message says about the report it may belong to. Span-based, allocation-free.</summary>
internal static class ReportLine
{
    private static readonly string[] LowercaseKeys =
    [
        "note", "task", "page", "flags", "raw", "rcu", "irq event stamp", "hardirqs last  enabled at", "hardirqs last disabled at",
        "softirqs last  enabled at", "softirqs last disabled at", "page dumped because", "stack backtrace", "last sysfs file",
        "other info that might help us debug this", "page_owner", "memcg", "active_anon", "lowmem_reserve", "epc", "badaddr",
        "status", "cause", "softe", "irqmask", "stack",
    ];

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary><c>------------[ cut here ]------------</c>: the line before a WARN/BUG header.</summary>
    public static bool IsCutHere(ReadOnlySpan<char> content) => content.Contains("[ cut here ]", StringComparison.Ordinal);

    /// <summary>A row of <c>=</c>: opens and closes KASAN-style reports, closes 2.6-era traces.</summary>
    public static bool IsRule(ReadOnlySpan<char> content)
    {
        var t = content.Trim();
        return t.Length >= 20 && !t.ContainsAnyExcept('=');
    }

    public static bool IsEndTrace(ReadOnlySpan<char> content) => content.StartsWith("---[ end trace", StringComparison.Ordinal);

    public static bool IsEndPanic(ReadOnlySpan<char> content) => content.StartsWith("---[ end Kernel panic", StringComparison.Ordinal);

    public static bool IsBootBanner(ReadOnlySpan<char> content) => content.StartsWith("Linux version ", StringComparison.Ordinal);

    /// <summary>A stack is being printed (the report is past its header section).</summary>
    public static bool StartsStack(ReadOnlySpan<char> content) =>
        content.StartsWith("Call Trace", StringComparison.Ordinal) || content.StartsWith("Call trace:", StringComparison.Ordinal)
        || content.StartsWith("Backtrace:", StringComparison.Ordinal) || content.StartsWith("RIP:", StringComparison.Ordinal)
        || content.StartsWith("backtrace:", StringComparison.Ordinal) || content.StartsWith("pc :", StringComparison.Ordinal)
        || content.StartsWith("PC is at", StringComparison.Ordinal) || content.StartsWith("NIP:", StringComparison.Ordinal)
        || content.StartsWith("EIP:", StringComparison.Ordinal) || content.StartsWith("IP:", StringComparison.Ordinal)
        || content.StartsWith(" [<", StringComparison.Ordinal);

    /// <summary>The last line of a complete trace.</summary>
    public static bool EndsTrace(ReadOnlySpan<char> content) =>
        IsEndTrace(content) || IsEndPanic(content) || IsRule(content)
        || content.TrimStart().StartsWith("</TASK>", StringComparison.Ordinal)
        || content.StartsWith("Kernel Offset:", StringComparison.Ordinal) || content.StartsWith("Rebooting in", StringComparison.Ordinal);

    /// <summary>A frame, register, or other line a report is made of — not an ordinary driver message.</summary>
    public static bool LooksLikeReport(ReadOnlySpan<char> content)
    {
        if (content.IsEmpty)
        {
            return false;
        }

        var c = content[0];
        if (c is ' ' or '\t' or '[' or '<' or '(' or '#' or '*' or '?' or '}' or '|')
        {
            return true;
        }

        if (c == '-')
        {
            return !IsCutHere(content);
        }

        if (content.Contains("+0x", StringComparison.Ordinal))
        {
            return true;
        }

        // "Key: value" / "Two words: value": registers, Code:, CPU:, Hardware name:, Modules linked in: ...
        var i = 0;
        while (i < content.Length && i < 48 && (char.IsAsciiLetterOrDigit(content[i]) || content[i] is '_' or ' ' or '#' or '/' or '.'))
        {
            i++;
        }

        var key = content[..i];
        if (char.IsAsciiLetterUpper(c))
        {
            if (i < content.Length && content[i] == ':')
            {
                return true;
            }

            // "CPU 0", "RIP  [<...>]", "NIP [c00...]": an upper-case register-like first word.
            var word = key.IndexOf(' ') is var sp and > 0 ? key[..sp] : key;
            return word.Length is > 0 and <= 6 && !word.ContainsAnyInRange('a', 'z') && word.Length < content.Length;
        }

        if (i < content.Length && content[i] == ':')
        {
            // Registers (x0, r10, pc) and hex dumps (dfc0:, ffff8880:).
            if (key.Length <= 3 || (key.Length is 4 or 8 or 12 or 16 && !key.ContainsAnyExcept(HexDigits)))
            {
                return true;
            }

            foreach (var k in LowercaseKeys)
            {
                if (key.SequenceEqual(k))
                {
                    return true;
                }
            }
        }

        return content.StartsWith("Process ", StringComparison.Ordinal);
    }
}
