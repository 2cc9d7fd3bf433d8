using System.Globalization;
using System.Text.RegularExpressions;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>The query-string parameters of the search and range endpoints, checked: a query, or what is wrong in plain words.</summary>
public static class LineQueryParser
{
    public const int MaxQueryLength = 1000;

    /// <summary>Per line: a pathological regex costs at most this per line before the search is refused.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static (LineQuery? Query, string? Error) Parse(
        string? q = null,
        string? node = null,
        string? stream = null,
        string? from = null,
        string? to = null,
        string? limit = null,
        string? re = null,
        string? after = null,
        string? order = null,
        bool descendingByDefault = true)
    {
        var query = new LineQuery(Node: string.IsNullOrEmpty(node) ? null : node, Descending: descendingByDefault);
        if (q is { Length: > MaxQueryLength })
        {
            return (null, $"q is longer than {MaxQueryLength} characters");
        }

        if (stream is not null)
        {
            if (stream is not ("kernel" or "syslog"))
            {
                return (null, "stream must be kernel or syslog");
            }

            query = query with { Stream = stream == "kernel" ? LogStream.Kernel : LogStream.Syslog };
        }

        if (!TryTime(from, out var fromTime) || !TryTime(to, out var toTime))
        {
            return (null, "from and to must be ISO-8601 times, e.g. 2026-11-26T12:00:00Z");
        }

        if (fromTime is { } f && toTime is { } t && f >= t)
        {
            return (null, "from must be before to (from is inclusive, to exclusive)");
        }

        query = query with { From = fromTime, To = toTime };
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > LineQuery.MaxLimit)
            {
                return (null, $"limit must be a whole number from 1 to {LineQuery.MaxLimit}");
            }

            query = query with { Limit = n };
        }

        if (after is not null)
        {
            if (!SearchCursor.TryDecode(after, out var key))
            {
                return (null, "after must be a cursor from a previous page's next");
            }

            query = query with { After = key };
        }

        if (order is not null)
        {
            if (order is not ("asc" or "desc"))
            {
                return (null, "order must be asc (oldest first) or desc (newest first)");
            }

            query = query with { Descending = order == "desc" };
        }

        var regex = re switch
        {
            null or "false" or "0" => false,
            "true" or "1" => true,
            _ => (bool?)null,
        };
        if (regex is null)
        {
            return (null, "re must be true or false");
        }

        if (regex == false)
        {
            return (query with { Text = string.IsNullOrEmpty(q) ? null : q }, null);
        }

        if (string.IsNullOrEmpty(q))
        {
            return (null, "q must hold a regular expression when re=true");
        }

        return TryRegex(q, out var pattern, out var error) ? (query with { Pattern = pattern }, null) : (null, error);
    }

    /// <summary>
    /// The non-backtracking engine when the pattern allows it (time linear in the line: no catastrophic
    /// backtracking); backreferences and lookarounds need the backtracking one, bounded by <see cref="RegexTimeout"/>.
    /// </summary>
    public static bool TryRegex(string pattern, out Regex? regex, out string? error)
    {
        error = null;
        try
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (NotSupportedException)
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }

            return true;
        }
        catch (ArgumentException e)
        {
            regex = null;
            error = $"q is not a valid .NET regular expression: {e.Message}";
            return false;
        }
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }
}
