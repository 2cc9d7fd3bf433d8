using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Api;

/// <summary>A line as the API shows it; absent fields are left out of the JSON.</summary>
public sealed record LineDto(
    string Text,
    DateTimeOffset ReceivedAt,
    string Stream,
    int? Level,
    int? Facility,
    double? KernelTime,
    long? Seq,
    string? Caller,
    int Boot,
    string? Host,
    string? App,
    string? ProcId,
    IReadOnlyList<string>? Flags)
{
    public static LineDto From(in LogLine line) => new(
        line.Text,
        line.ReceivedAt,
        line.Stream == LogStream.Kernel ? "kernel" : "syslog",
        line.Level >= 0 ? line.Level : null,
        line.Facility >= 0 ? line.Facility : null,
        line.KernelTimeUs >= 0 ? line.KernelTimeUs / 1_000_000.0 : null,
        line.Seq >= 0 ? line.Seq : null,
        line.Caller,
        line.Boot,
        line.Host,
        line.App,
        line.ProcId,
        FlagNames(line.Flags));

    private static List<string>? FlagNames(LineFlags flags)
    {
        if (flags == LineFlags.None)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var flag in Enum.GetValues<LineFlags>())
        {
            if (flag != LineFlags.None && flags.HasFlag(flag))
            {
                names.Add(char.ToLowerInvariant(flag.ToString()[0]) + flag.ToString()[1..]);
            }
        }

        return names;
    }
}
