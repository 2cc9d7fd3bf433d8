using System.Globalization;
using System.Text.Json;

namespace KrgLogs.Cli.Commands;

/// <summary>
/// <c>krglogs lines NODE [--from T] [--to T] [--limit N] [--json]</c>: a node's lines in a time range, oldest
/// first, fetched page by page from the search index until the range or the limit is exhausted.
/// </summary>
public static class LinesCommand
{
    public const int DefaultLimit = 10_000;
    private const int PageSize = 1000;

    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, TextWriter errors, CancellationToken cancel)
    {
        if (args.Positional.Count != 2)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs lines NODE [--from T] [--to T] [--limit N] [--json]");
        }

        var node = args.Positional[1];
        var now = DateTimeOffset.UtcNow;
        var from = TimeArgument.Parse(args.Option("--from"), "--from", now);
        var to = TimeArgument.Parse(args.Option("--to"), "--to", now);
        var limit = Limit(args, DefaultLimit);
        var json = args.Flag("--json");
        var printed = 0;
        string? after = null;
        do
        {
            var page = await client.LinesAsync(node, from, to, Math.Min(PageSize, limit - printed), after, cancel);
            foreach (var line in page.Lines)
            {
                await output.WriteLineAsync(json ? JsonSerializer.Serialize(line, KrgLogsClient.Json) : LineFormatter.Format(line));
            }

            printed += page.Lines.Count;
            after = page.Next;
        }
        while (after is not null && printed < limit);

        await output.FlushAsync(cancel);
        if (after is not null)
        {
            await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"krglogs: stopped at --limit {limit}; there are more lines in the range"));
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>--limit N</c>: how many lines in all (≥ 1).</summary>
    public static int Limit(Arguments args, int byDefault)
    {
        if (args.Option("--limit") is not { } text)
        {
            return byDefault;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1
            ? limit
            : throw new CliException(ExitCodes.Usage, "--limit takes a whole number of at least 1");
    }
}
