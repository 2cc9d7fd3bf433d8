using System.Globalization;

namespace KrgLogs.LoadGen;

/// <summary><c>--name value</c> pairs; every option has a default, unknown names are refused.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _used = [];

    private CommandLine(Dictionary<string, string> values) => _values = values;

    public static CommandLine Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        return new CommandLine(values);
    }

    public string Text(string name, string fallback)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name, fallback);
    }

    public string? OptionalText(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public long Number(string name, long fallback)
    {
        var text = OptionalText(name);
        return text is null ? fallback : long.Parse(text, CultureInfo.InvariantCulture);
    }

    public double Real(string name, double fallback)
    {
        var text = OptionalText(name);
        return text is null ? fallback : double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Call after reading every option: a misspelt option must not silently fall back to its default.</summary>
    public void RefuseUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}
