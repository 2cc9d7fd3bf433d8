using System.Text.RegularExpressions;

namespace KrgLogs.Shared.Crashes;

/// <summary>Strips a syslog file's line prefix (<c>Mon dd hh:mm:ss HOST TAG[pid]: </c>, or an ISO timestamp first).</summary>
internal static partial class SyslogPrefix
{
    [GeneratedRegex(@"^(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9:]+)?) (?:\S+ )?([^\s:\[]+)(?:\[[0-9]+\])?: ", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    /// <summary>True when the line has a syslog prefix; <paramref name="isKernel"/> tells whether its tag is <c>kernel</c>.</summary>
    public static bool TryStrip(string line, out string message, out bool isKernel)
    {
        message = line;
        isKernel = false;
        if (line.Length < 17 || !(char.IsAsciiDigit(line[0]) || (char.IsAsciiLetterUpper(line[0]) && line[3] == ' ')))
        {
            return false;
        }

        var m = Prefix().Match(line);
        if (!m.Success)
        {
            return false;
        }

        isKernel = m.Groups[1].ValueSpan.SequenceEqual("kernel");
        message = line[m.Length..];
        return true;
    }
}
