using System.Globalization;

namespace KrgLogs.LoadGen;

/// <summary>
/// How lines are spread over formats: <c>plain=2,extended=1,rfc3164=1</c>. A node speaks one netconsole flavour
/// (plain or extended, by the plain:extended weights), as a real kernel does; each of its lines goes by syslog
/// with the rfc3164 share, else by its netconsole.
/// </summary>
public sealed record FormatMix(double Plain, double Extended, double Rfc3164)
{
    public static FormatMix Parse(string text)
    {
        double plain = 0, extended = 0, rfc3164 = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new ArgumentException($"--mix: '{part}' is not name=weight");
            }

            var weight = double.Parse(part[(eq + 1)..], CultureInfo.InvariantCulture);
            switch (part[..eq])
            {
                case "plain": plain = weight; break;
                case "extended": extended = weight; break;
                case "rfc3164": rfc3164 = weight; break;
                default: throw new ArgumentException($"--mix: unknown format '{part[..eq]}' (plain, extended, rfc3164)");
            }
        }

        if (plain < 0 || extended < 0 || rfc3164 < 0 || plain + extended + rfc3164 <= 0)
        {
            throw new ArgumentException("--mix: weights must be ≥ 0 and not all 0");
        }

        return new FormatMix(plain, extended, rfc3164);
    }

    /// <summary>Node <paramref name="index"/> of <paramref name="nodes"/>: extended or plain netconsole.</summary>
    public bool IsExtendedNode(int index, int nodes)
    {
        if (Plain + Extended <= 0)
        {
            return false;
        }

        return index < (int)Math.Round(nodes * Extended / (Plain + Extended));
    }

    /// <summary>Share of lines sent by syslog; 1 when the mix has no netconsole at all.</summary>
    public double SyslogShare => Rfc3164 / (Plain + Extended + Rfc3164);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"plain={Plain},extended={Extended},rfc3164={Rfc3164}");
}
