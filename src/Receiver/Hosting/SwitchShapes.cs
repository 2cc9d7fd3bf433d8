namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// Command-line shapes the configuration provider does not know: a switch given several times
/// (<c>--allow A --allow B</c> → <c>Allow:0</c>, <c>Allow:1</c>; it would keep only the last) and a bare flag
/// (<c>--insecure</c> → <c>--insecure true</c>; it would swallow the next switch as its value).
/// </summary>
public static class SwitchShapes
{
    public static readonly IReadOnlyDictionary<string, string> Repeatable = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--allow"] = "Allow",
    };

    public static readonly IReadOnlySet<string> BareFlags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "--insecure",
        "--no-receiver",
        "--no-index",
        "--no-log-files",
    };

    public static string[] Expand(string[] args)
    {
        var expanded = new List<string>(args.Length + 2);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (Repeatable.TryGetValue(name, out var key))
            {
                var index = counts.GetValueOrDefault(key);
                counts[key] = index + 1;
                var value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Length ? args[++i] : string.Empty;
                expanded.Add($"--{key}:{index}");
                expanded.Add(value);
            }
            else if (BareFlags.Contains(arg) && (i + 1 >= args.Length || args[i + 1].StartsWith('-')))
            {
                expanded.Add(arg);
                expanded.Add("true");
            }
            else
            {
                expanded.Add(arg);
            }
        }

        return [.. expanded];
    }
}
