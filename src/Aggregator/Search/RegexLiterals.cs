using System.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Literal substrings that every match of a .NET regex must contain, so a regex search can ask the trigram
/// index for candidates instead of reading every line. Conservative on purpose: it understands plain
/// characters, escaped punctuation and quantifiers, and treats anything else (groups, classes, anchors,
/// <c>\d</c>-style escapes) as a break between literals. A top-level <c>|</c> or an inline <c>x</c> option means
/// "no literal known" (an empty answer: the caller then scans with a budget). Never claims a literal that a
/// match could lack; may miss some it could have found.
/// </summary>
public static class RegexLiterals
{
    /// <summary>Trigram indexes cannot use anything shorter.</summary>
    public const int MinLength = 3;

    private const int MaxLiterals = 4;

    public static IReadOnlyList<string> Required(string pattern)
    {
        if (HasTopLevelAlternation(pattern) || HasExtendedOption(pattern))
        {
            return [];
        }

        var runs = new List<string>();
        var run = new StringBuilder();
        var previousWasLiteral = false; // the last atom is the last char of run, so a quantifier may take it back
        var previousWasQuantifier = false;

        void Break()
        {
            if (run.Length >= MinLength)
            {
                runs.Add(run.ToString());
            }

            run.Clear();
            previousWasLiteral = false;
        }

        void Literal(char c)
        {
            run.Append(c);
            previousWasLiteral = true;
            previousWasQuantifier = false;
        }

        void Optional()
        {
            // The atom before may be absent: a literal it added is not required.
            if (previousWasLiteral && run.Length > 0)
            {
                run.Length--;
            }

            Break();
            previousWasQuantifier = true;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    var escaped = pattern[++i];
                    if (char.IsAsciiLetterOrDigit(escaped))
                    {
                        Break(); // \d, \b, \x41, \1, \p{…}: not a plain literal
                        i = SkipEscapeArgument(pattern, i);
                        previousWasQuantifier = false;
                    }
                    else
                    {
                        Literal(escaped);
                    }

                    break;
                case '[':
                    Break();
                    i = SkipClass(pattern, i);
                    previousWasQuantifier = false;
                    break;
                case '(':
                    Break();
                    i = SkipGroup(pattern, i);
                    previousWasQuantifier = false;
                    break;
                case '*':
                    Optional();
                    break;
                case '?':
                    if (previousWasQuantifier)
                    {
                        previousWasQuantifier = false; // lazy modifier of the quantifier before
                    }
                    else
                    {
                        Optional();
                    }

                    break;
                case '+':
                    Break(); // at least once: what came is required, what follows may not be adjacent
                    previousWasQuantifier = true;
                    break;
                case '{' when Quantifier(pattern, i) is { } quantifier:
                    if (quantifier.Min == 0)
                    {
                        Optional();
                    }
                    else
                    {
                        Break();
                        previousWasQuantifier = true;
                    }

                    i = quantifier.End;
                    break;
                case '.' or '^' or '$' or '|' or ')':
                    Break();
                    previousWasQuantifier = false;
                    break;
                default:
                    Literal(c);
                    break;
            }
        }

        Break();
        return [.. runs.OrderByDescending(r => r.Length).Take(MaxLiterals)];
    }

    private static bool HasTopLevelAlternation(string pattern)
    {
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth <= 0:
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>(?x)</c> makes whitespace and <c>#</c> comments meaningless: the text is no longer literal.</summary>
    private static bool HasExtendedOption(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (var j = i + 2; j < pattern.Length && (char.IsAsciiLetter(pattern[j]) || pattern[j] == '-'); j++)
            {
                if (pattern[j] == 'x')
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>After <c>\p</c>/<c>\P</c>/<c>\k</c> a <c>{…}</c> or <c>&lt;…&gt;</c> argument belongs to the escape.</summary>
    private static int SkipEscapeArgument(string pattern, int i)
    {
        if (i + 1 < pattern.Length && pattern[i] is 'p' or 'P' or 'k' && pattern[i + 1] is '{' or '<')
        {
            var close = pattern[i + 1] == '{' ? '}' : '>';
            var end = pattern.IndexOf(close, i + 2);
            return end < 0 ? pattern.Length - 1 : end;
        }

        return i;
    }

    /// <summary>Index of the <c>]</c> closing the class that starts at <paramref name="start"/>.</summary>
    private static int SkipClass(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++; // a leading ] is a member
        }

        var depth = 1;
        for (; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[' when i + 1 < pattern.Length && pattern[i - 1] == '-':
                    depth++; // subtraction [a-z-[aeiou]]
                    break;
                case ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return pattern.Length - 1;
    }

    /// <summary>Index of the <c>)</c> closing the group that starts at <paramref name="start"/>.</summary>
    private static int SkipGroup(string pattern, int start)
    {
        var depth = 0;
        for (var i = start; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return pattern.Length - 1;
    }

    /// <summary><c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="start"/>; anything else is a literal brace in .NET.</summary>
    private static (int Min, int End)? Quantifier(string pattern, int start)
    {
        var i = start + 1;
        var digits = i;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
        {
            i++;
        }

        if (i == digits || i >= pattern.Length)
        {
            return null;
        }

        var min = int.TryParse(pattern.AsSpan(digits, i - digits), out var n) ? n : int.MaxValue;
        if (pattern[i] == ',')
        {
            i++;
            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
            {
                i++;
            }
        }

        return i < pattern.Length && pattern[i] == '}' ? (min, i) : null;
    }
}
