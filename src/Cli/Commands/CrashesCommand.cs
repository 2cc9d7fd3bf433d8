using System.Globalization;
using System.Text.Json;
using KrgLogs.Shared.Text;

namespace KrgLogs.Cli.Commands;

/// <summary><c>krglogs crashes [--node N] [-f]</c> and <c>krglogs crash show ID</c>.</summary>
public static class CrashesCommand
{
    public static async Task<int> ListAsync(KrgLogsClient client, Arguments args, TextWriter output, CancellationToken cancel)
    {
        var json = args.Flag("--json");
        var crashes = await client.CrashesAsync(args.Option("--node"), cancel);
        if (json)
        {
            foreach (var crash in crashes)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(crash, KrgLogsClient.Json));
            }
        }
        else
        {
            await output.WriteLineAsync($"{"WHEN",-24}  {"NODE",-15}  {"ID",-28}  TITLE");
            foreach (var crash in crashes)
            {
                await output.WriteLineAsync(Row(crash));
            }
        }

        if (!args.Flag("-f", "--follow"))
        {
            return ExitCodes.Ok;
        }

        try
        {
            await foreach (var (name, data) in client.EventsAsync("api/crashes/stream", cancel))
            {
                if (name != "crash")
                {
                    continue;
                }

                var crash = JsonSerializer.Deserialize<Crash>(data, KrgLogsClient.Json)!;
                await output.WriteLineAsync(json ? data : Row(crash));
                await output.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints the report's exact text and nothing else, ready to paste into a bug report.</summary>
    public static async Task<int> ShowAsync(KrgLogsClient client, Arguments args, TextWriter output, CancellationToken cancel)
    {
        if (args.Positional.Count != 3 || args.Positional[1] != "show")
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs crash show ID");
        }

        var crash = await client.CrashAsync(args.Positional[2], cancel);
        if (args.Flag("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(crash, KrgLogsClient.Json));
            return ExitCodes.Ok;
        }

        foreach (var line in (crash.Text ?? string.Empty).Split('\n'))
        {
            await output.WriteLineAsync(EscapedText.Escape(line));
        }

        return ExitCodes.Ok;
    }

    private static string Row(Crash crash) => string.Create(
        CultureInfo.InvariantCulture,
        $"{crash.FirstAt.UtcDateTime,-24:yyyy-MM-ddTHH:mm:ss.fffZ}  {EscapedText.Escape(crash.Node),-15}  {EscapedText.Escape(crash.Id),-28}  {EscapedText.Escape(crash.Title)}{(crash.Corrupted ? " (corrupted)" : string.Empty)}");
}
