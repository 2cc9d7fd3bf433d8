using System.Globalization;

namespace KrgLogs.Cli;

/// <summary>
/// <c>--from</c>/<c>--to</c>: an ISO-8601 time (UTC unless it says otherwise), or an age before now:
/// <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>. Sent to the server as ISO-8601 UTC.
/// </summary>
public static class TimeArgument
{
    public static string? Parse(string? text, string option, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? age = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } ago)
            {
                return Iso(now - ago);
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return Iso(time);
        }

        throw new CliException(ExitCodes.Usage, $"{option} takes an ISO-8601 time (2026-11-26T12:00:00Z) or an age (90s, 15m, 2h, 7d)");
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
