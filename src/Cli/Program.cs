using System.Net.Http;
using KrgLogs.Cli;
using KrgLogs.Cli.Commands;

const string Help = """
    krglogs — read the logs krglogs collected from your nodes.

    usage: krglogs [--server URL] COMMAND [options]

    commands:
      nodes                      every node that has sent something: last seen, line count
      tail NODE [-n N] [-f]      the node's last N lines (default 10, at most 1000); -f follows new lines
                                 until Ctrl-C
      lines NODE [--from T] [--to T] [--limit N]
                                 the node's lines in a time range, oldest first (default at most 10000);
                                 T is ISO-8601 (2026-11-26T12:00:00Z, UTC unless it says) or an age: 15m, 2h, 7d
      search Q [--node N] [--stream kernel|syslog] [--re] [--from T] [--to T] [--limit N]
                                 lines of all nodes containing Q (case-insensitive), newest first (default
                                 100); --re: Q is a .NET regular expression (case-sensitive unless (?i))
      crashes [--node N] [-f]    crash reports, newest first; -f then prints each new one as it comes
      crash show ID              one report's exact text, ready to paste into a bug report
      incidents [--all]          one crash title on several nodes at once, newest first
      detect [FILE|-]            run the crash detector offline on a console log; one JSON object per
                                 report (title, kind, frame, panicked, corrupted, startLine, endLine, text)

    options:
      --server URL               the aggregator's API (default $KRGLOGS_SERVER or http://127.0.0.1:6680)
      --token-file FILE          the API token, when the aggregator requires one (default $KRGLOGS_TOKEN)
      --json                     JSON for scripts instead of a table
      --no-color                 no colours (they are only used on a terminal, and never when NO_COLOR is set)
      -h, --help                 this text; COMMAND --help explains one command

    Log text is shown with control characters escaped (\x1b, \r…), never raw.
    exit status: 0 ok, 1 server error, 2 usage, 3 no such node, crash or file, 4 server unreachable,
    5 not authorized (give --token-file)
    """;

var valued = new HashSet<string>(StringComparer.Ordinal) { "--server", "-n", "--node", "--token-file", "--from", "--to", "--limit", "--stream" };
Arguments parsed;
try
{
    parsed = Arguments.Parse(args, valued);
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"krglogs: {e.Message}");
    return e.ExitCode;
}

if (parsed.Flag("-h", "--help") && parsed.Positional.Count > 0 && CommandHelp.For(parsed.Positional[0]) is { } commandHelp)
{
    Console.WriteLine(commandHelp);
    return ExitCodes.Ok;
}

if (parsed.Flag("-h", "--help") || parsed.Positional.Count == 0)
{
    Console.WriteLine(Help);
    return parsed.Positional.Count == 0 && !parsed.Flag("-h", "--help") ? ExitCodes.Usage : ExitCodes.Ok;
}

if (parsed.Positional[0] == "detect")
{
    try
    {
        return await DetectCommand.RunAsync(parsed, Console.In, Console.OpenStandardOutput());
    }
    catch (CliException e)
    {
        await Console.Error.WriteLineAsync($"krglogs: {e.Message}");
        return e.ExitCode;
    }
}

var server = parsed.Option("--server") ?? Environment.GetEnvironmentVariable("KRGLOGS_SERVER") ?? "http://127.0.0.1:6680";
if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var baseAddress))
{
    await Console.Error.WriteLineAsync($"krglogs: --server '{server}' is not a URL");
    return ExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Palette.Current = Palette.Decide(
    Console.IsOutputRedirected,
    Environment.GetEnvironmentVariable("NO_COLOR"),
    Environment.GetEnvironmentVariable("TERM"),
    parsed.Flag("--no-color"),
    parsed.Flag("--json"));

using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
using var client = new KrgLogsClient(http);
try
{
    if (ApiToken.Find(parsed.Option("--token-file"), Environment.GetEnvironmentVariable("KRGLOGS_TOKEN")) is { } token)
    {
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    return parsed.Positional[0] switch
    {
        "nodes" => await NodesCommand.RunAsync(client, parsed, Console.Out, cancel.Token),
        "tail" => await TailCommand.RunAsync(client, parsed, Console.Out, TimeSpan.FromSeconds(1), cancel.Token),
        "lines" => await LinesCommand.RunAsync(client, parsed, Console.Out, Console.Error, cancel.Token),
        "search" => await SearchCommand.RunAsync(client, parsed, Console.Out, Console.Error, cancel.Token),
        "crashes" => await CrashesCommand.ListAsync(client, parsed, Console.Out, cancel.Token),
        "crash" => await CrashesCommand.ShowAsync(client, parsed, Console.Out, cancel.Token),
        "incidents" => await IncidentsCommand.RunAsync(client, parsed, Console.Out, cancel.Token),
        var verb => throw new CliException(ExitCodes.Usage, $"unknown command '{verb}' (try --help)"),
    };
}
catch (CliException e)
{
    await Console.Error.WriteLineAsync($"krglogs: {e.Message}");
    return e.ExitCode;
}
catch (HttpRequestException e)
{
    await Console.Error.WriteLineAsync($"krglogs: cannot reach {baseAddress}: {e.Message}");
    return ExitCodes.Unreachable;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return ExitCodes.Ok;
}
