namespace KrgLogs.Cli.Commands;

/// <summary><c>krglogs nodes</c>: every node that has sent anything, with when and how much.</summary>
public static class NodesCommand
{
    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, CancellationToken cancel)
    {
        if (args.Flag("--json"))
        {
            await output.WriteLineAsync(await client.GetRawAsync("api/nodes", cancel));
            return ExitCodes.Ok;
        }

        foreach (var row in LineFormatter.NodeTable(await client.NodesAsync(cancel)))
        {
            await output.WriteLineAsync(row);
        }

        return ExitCodes.Ok;
    }
}
