using KrgLogs.Cli.Commands;

namespace KrgLogs.Cli;

/// <summary><c>krglogs COMMAND --help</c>: what one command does, its options and its exit status.</summary>
public static class CommandHelp
{
    private const string Status = "exit status: 0 ok, 1 server error, 2 usage, 3 no such node, crash or file, 4 server unreachable";

    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["nodes"] = $"""
            usage: krglogs nodes [--json]

            Every node that has sent something: its name, when it was last seen, how many lines are stored.
              --json    one JSON object per node

            {Status}
            """,
        ["tail"] = $"""
            usage: krglogs tail NODE [-n N] [-f] [--json]

            The node's last N lines, oldest first, control characters escaped.
              -n N          how many lines (1 to 1000, default 10)
              -f, --follow  then print new lines as they come, until Ctrl-C
              --json        one JSON object per line

            {Status}
            """,
        ["crashes"] = $"""
            usage: krglogs crashes [--node NODE] [-f] [--json]

            Crash reports, newest first: when, node, id, title.
              --node NODE   only this node's reports
              -f, --follow  then print each new report as it is detected, until Ctrl-C
              --json        one JSON object per report

            {Status}
            """,
        ["crash"] = $"""
            usage: krglogs crash show ID [--json]

            One report's exact text, ready to paste into a bug report (ids come from `krglogs crashes`).
              --json    the whole report as JSON

            {Status}
            """,
        ["detect"] = """
            usage: krglogs detect [FILE|-]

            Runs the crash detector offline on a console log (a file, or standard input) and prints one JSON
            object per report: title, kind, frame, panicked, corrupted, startLine, endLine, text.

            exit status: 0 ok (also when nothing was found), 2 usage, 3 no such file
            """,
        ["incidents"] = IncidentsCommand.Help,
    };

    /// <summary>The command's own help, or null for a command without one.</summary>
    public static string? For(string command) => Texts.GetValueOrDefault(command);
}
