namespace KrgLogs.Cli;

/// <summary>
/// Colours for a person at a terminal, and nothing for scripts: on only when standard output is a terminal, NO_COLOR
/// is unset (https://no-color.org), TERM is not "dumb" and neither <c>--no-color</c> nor <c>--json</c> was given.
/// Colours wrap text that is already escaped, so no log line can bring its own escape sequences.
/// </summary>
public sealed class Palette
{
    private const string Reset = "\u001b[0m";

    private Palette(bool enabled) => Enabled = enabled;

    public static Palette None { get; } = new(false);

    public static Palette Ansi { get; } = new(true);

    /// <summary>What <see cref="LineFormatter"/> uses; Program sets it once from <see cref="Decide"/>.</summary>
    public static Palette Current { get; set; } = None;

    public bool Enabled { get; }

    public static Palette Decide(bool outputRedirected, string? noColor, string? term, bool noColorFlag, bool json) =>
        outputRedirected || !string.IsNullOrEmpty(noColor) || term == "dumb" || noColorFlag || json ? None : Ansi;

    public string Dim(string text) => Wrap("\u001b[2m", text);

    public string Node(string text) => Wrap("\u001b[36m", text);

    public string App(string text) => Wrap("\u001b[35m", text);

    public string Alert(string text) => Wrap("\u001b[1;31m", text);

    /// <summary>Kernel and syslog severities: emerg…err red, warning yellow, notice bold, the rest plain.</summary>
    public string Level(int? level, string text) => level switch
    {
        >= 0 and <= 3 => Wrap("\u001b[31m", text),
        4 => Wrap("\u001b[33m", text),
        5 => Wrap("\u001b[1m", text),
        _ => text,
    };

    private string Wrap(string code, string text) => Enabled && text.Length > 0 ? code + text + Reset : text;
}
