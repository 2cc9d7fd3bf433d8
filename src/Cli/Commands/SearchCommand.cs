using System.Globalization;
using System.Text.Json;

namespace KrgLogs.Cli.Commands;

/// <summary>
/// <c>krglogs search Q [--node N] [--stream kernel|syslog] [--re] [--from T] [--to T] [--limit N] [--json]</c>:
/// lines of every node that contain Q (case-insensitive), or match the .NET regex Q with <c>--re</c>; newest first.
/// </summary>
public static class SearchCommand
{
    public const int DefaultLimit = 100;
    private const int PageSize = 1000;

    /// <summary>Pages a regex scan may come back empty from before the CLI gives up (each reads a bounded slice).</summary>
    private const int MaxEmptyPages = 50;

    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, TextWriter errors, CancellationToken cancel)
    {
        if (args.Positional.Count != 2)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs search Q [--node N] [--stream kernel|syslog] [--re] [--from T] [--to T] [--limit N] [--json]");
        }

        var text = args.Positional[1];
        var stream = args.Option("--stream");
        if (stream is not (null or "kernel" or "syslog"))
        {
            throw new CliException(ExitCodes.Usage, "--stream takes kernel or syslog");
        }

        var now = DateTimeOffset.UtcNow;
        var from = TimeArgument.Parse(args.Option("--from"), "--from", now);
        var to = TimeArgument.Parse(args.Option("--to"), "--to", now);
        var limit = LinesCommand.Limit(args, DefaultLimit);
        var json = args.Flag("--json");
        var printed = 0;
        var emptyPages = 0;
        string? after = null;
        do
        {
            var page = await client.SearchAsync(text, args.Option("--node"), stream, args.Flag("--re"), from, to, Math.Min(PageSize, limit - printed), after, cancel);
            foreach (var hit in page.Hits)
            {
                await output.WriteLineAsync(json ? JsonSerializer.Serialize(hit, KrgLogsClient.Json) : LineFormatter.Format(hit));
            }

            printed += page.Hits.Count;
            emptyPages = page.Hits.Count == 0 ? emptyPages + 1 : 0;
            after = page.Next;
        }
        while (after is not null && printed < limit && emptyPages < MaxEmptyPages);

        await output.FlushAsync(cancel);
        if (after is not null && emptyPages >= MaxEmptyPages)
        {
            await errors.WriteLineAsync("krglogs: stopped: the search scanned a long way without a hit; narrow it with --from/--to or --node, or give the regex a literal word");
        }

        return ExitCodes.Ok;
    }
}
