using System.Net;

namespace KrgLogs.LoadGen;

/// <summary>What one <c>send</c> run does. Bounded: a fixed total and a time limit; loopback only.</summary>
public sealed record LoadOptions(
    IPEndPoint Target,
    int Nodes,
    long Total,
    double Rate,
    FormatMix Mix,
    int LineBytes,
    double FragmentShare,
    int Crashes,
    string? CorpusDir,
    string Run,
    TimeSpan MaxTime,
    int BatchPerSend,
    string? CrashStreamUrl,
    TimeSpan CrashWait,
    string? OutPath,
    string? TextPath = null)
{
    public const int MaxNodes = 1000;

    /// <summary>Rate 0 means as fast as the sender can go.</summary>
    public bool Unthrottled => Rate <= 0;

    public static LoadOptions From(CommandLine cl)
    {
        var target = IPEndPoint.Parse(cl.Text("target", "127.0.0.1:6666"));
        if (!IPAddress.IsLoopback(target.Address) || target.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"--target {target} is not an IPv4 loopback address: this generator only floods 127.0.0.0/8");
        }

        var rateText = cl.Text("rate", "max");
        var options = new LoadOptions(
            target,
            Nodes: (int)cl.Number("nodes", 64),
            Total: cl.Number("total", 100_000),
            Rate: rateText == "max" ? 0 : double.Parse(rateText, System.Globalization.CultureInfo.InvariantCulture),
            Mix: FormatMix.Parse(cl.Text("mix", "plain=2,extended=1,rfc3164=1")),
            LineBytes: (int)cl.Number("line-bytes", 120),
            FragmentShare: cl.Real("fragments", 0.02),
            Crashes: (int)cl.Number("crashes", 0),
            CorpusDir: cl.OptionalText("corpus"),
            Run: cl.Text("run", DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture)),
            MaxTime: TimeSpan.FromSeconds(cl.Real("max-seconds", 120)),
            BatchPerSend: (int)cl.Number("batch", 32),
            CrashStreamUrl: cl.OptionalText("crash-stream"),
            CrashWait: TimeSpan.FromSeconds(cl.Real("crash-wait", 15)),
            OutPath: cl.OptionalText("out"),
            TextPath: cl.OptionalText("text"));
        cl.RefuseUnknown();
        if (options.Nodes is < 1 or > MaxNodes)
        {
            throw new ArgumentException($"--nodes must be 1..{MaxNodes}");
        }

        if (options.Total < 1 || options.Total > 1_000_000_000)
        {
            throw new ArgumentException("--total must be 1..1e9");
        }

        if (options.LineBytes is < 60 or > 900)
        {
            throw new ArgumentException("--line-bytes must be 60..900");
        }

        if (options.Run.Length is < 1 or > 16 || !options.Run.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("--run must be 1-16 letters or digits");
        }

        if (options.Crashes > 0 && options.CorpusDir is null)
        {
            throw new ArgumentException("--crashes needs --corpus DIR (e.g. ../shared/corpora/crashes/syzkaller)");
        }

        if (options.BatchPerSend is < 1 or > 1024)
        {
            throw new ArgumentException("--batch must be 1..1024");
        }

        return options;
    }
}
