using System.Text.Json;

namespace KrgLogs.Shared.Tests.Netconsole;

/// <summary>The real captures in <c>shared/captures</c>, found beside the repository (never copied).</summary>
public static class Captures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary><c>b64</c> is authoritative, <c>t</c> is the unix arrival time.</summary>
    public static IReadOnlyList<CaptureDatagram> Load(string relative)
    {
        var result = new List<CaptureDatagram>();
        foreach (var line in File.ReadLines(PathOf(relative)))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var payload = Convert.FromBase64String(json.RootElement.GetProperty("b64").GetString()!);
            var seconds = json.RootElement.GetProperty("t").GetDouble();
            var at = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            result.Add(new CaptureDatagram(payload, at));
        }

        return result;
    }

    /// <summary>The serial console's kernel lines: those starting with '[', CR stripped.</summary>
    public static IReadOnlyList<string> SerialKernelLines(string relative)
    {
        var result = new List<string>();
        foreach (var raw in File.ReadLines(PathOf(relative)))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('['))
            {
                result.Add(line);
            }
        }

        return result;
    }

    public static IEnumerable<string> ZooRuns(string mode) =>
        System.IO.Directory.GetDirectories(PathOf("zoo")).Where(d => d.EndsWith("-" + mode, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    private static string FindRoot() => SharedFixtures.Captures;
}
