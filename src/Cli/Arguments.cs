namespace KrgLogs.Cli;

/// <summary>
/// The command line, parsed by hand: a verb, positional words, <c>--name value</c> options and flags.
/// Small enough that a library would be more to learn than to read.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private Arguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <param name="args">Raw arguments.</param>
    /// <param name="valued">Option names that take a value (<c>--server</c>, <c>-n</c>); any other dash word is a flag.</param>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> valued)
    {
        var positional = new List<string>();
        var parsed = new Arguments(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length > 1 && arg[0] == '-')
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? arg[..eq] : arg;
                if (valued.Contains(name))
                {
                    if (eq > 0)
                    {
                        parsed._options[name] = arg[(eq + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        parsed._options[name] = args[++i];
                    }
                    else
                    {
                        throw new CliException(ExitCodes.Usage, $"{name} needs a value");
                    }
                }
                else
                {
                    parsed._flags.Add(name);
                }
            }
            else
            {
                positional.Add(arg);
            }
        }

        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(params string[] names) => names.Any(_flags.Contains);

    public IEnumerable<string> Flags => _flags;
}
