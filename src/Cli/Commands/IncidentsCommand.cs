using System.Globalization;
using System.Text.Json;
using KrgLogs.Shared.Text;

namespace KrgLogs.Cli.Commands;

/// <summary><c>krglogs incidents [--all] [--json]</c>: crashes with one title on several nodes at once, newest first.</summary>
public static class IncidentsCommand
{
    public const string Help = """
        usage: krglogs incidents [--all] [--json]

        Incidents: the same crash title on two or more nodes within the aggregator's incident window
        (--incident-window, 10 minutes by default), newest first. A bad kernel or a bad switch kills many
        nodes at once; this is where that shows.

          --all     also groups seen on one node only
          --json    one JSON object per line: id, title, kind, nodes, crashIds, firstAt, lastAt

        exit status: 0 ok (also when there is no incident), 1 server error, 2 usage, 4 server unreachable
        """;

    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, CancellationToken cancel)
    {
        if (args.Positional.Count != 1)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs incidents [--all] [--json]");
        }

        var raw = await client.GetRawAsync(args.Flag("--all") ? "api/incidents?all=true" : "api/incidents", cancel);
        var incidents = JsonSerializer.Deserialize<List<Incident>>(raw, KrgLogsClient.Json)
            ?? throw new CliException(ExitCodes.ServerError, "empty answer from api/incidents");
        if (args.Flag("--json"))
        {
            foreach (var incident in incidents)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(incident, KrgLogsClient.Json));
            }

            return ExitCodes.Ok;
        }

        await output.WriteLineAsync($"{"LAST",-24}  {"NODES",5}  {"CRASHES",7}  {"KIND",-9}  TITLE  (NODE LIST)");
        foreach (var incident in incidents)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{incident.LastAt.UtcDateTime,-24:yyyy-MM-ddTHH:mm:ss.fffZ}  {incident.Nodes.Count,5}  {incident.CrashIds.Count,7}  {EscapedText.Escape(incident.Kind),-9}  {EscapedText.Escape(incident.Title)}  ({EscapedText.Escape(string.Join(',', incident.Nodes))})"));
        }

        return ExitCodes.Ok;
    }
}
