using System.Globalization;
using System.Text.Json;

namespace KrgLogs.Cli.Commands;

/// <summary><c>krglogs tail NODE [-n N] [-f]</c>: a node's last lines, and with -f the new ones as they come.</summary>
public static class TailCommand
{
    private const int MaxTail = 1000;

    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, TimeSpan pollEvery, CancellationToken cancel)
    {
        if (args.Positional.Count != 2)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs tail NODE [-n N] [-f]");
        }

        var node = args.Positional[1];
        var count = 10;
        if (args.Option("-n") is { } n && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxTail))
        {
            throw new CliException(ExitCodes.Usage, $"-n takes a whole number from 1 to {MaxTail}");
        }

        var json = args.Flag("--json");
        var tail = await client.TailAsync(node, count, cancel);
        await Print(tail.Lines, json, output);
        if (!args.Flag("-f", "--follow"))
        {
            return ExitCodes.Ok;
        }

        var seen = tail.LineCount;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pollEvery, cancel);
                var latest = await client.TailAsync(node, MaxTail, cancel);
                var fresh = latest.LineCount - seen;
                if (fresh > 0)
                {
                    if (fresh > latest.Lines.Count)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... {fresh - latest.Lines.Count} lines not shown (too many since the last look)"));
                    }

                    await Print(latest.Lines.Skip(latest.Lines.Count - (int)Math.Min(fresh, latest.Lines.Count)), json, output);
                    seen = latest.LineCount;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return ExitCodes.Ok;
    }

    private static async Task Print(IEnumerable<Line> lines, bool json, TextWriter output)
    {
        foreach (var line in lines)
        {
            await output.WriteLineAsync(json ? JsonSerializer.Serialize(line, KrgLogsClient.Json) : LineFormatter.Format(line));
        }

        await output.FlushAsync();
    }
}
