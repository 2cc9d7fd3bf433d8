using System.Text.Json;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Cli.Commands;

/// <summary>
/// <c>krglogs detect [FILE|-]</c>: the crash detector, offline, over a console log (raw, or syslog-relayed
/// kernel lines). One JSON object per report; no report, no output. Needs no server.
/// </summary>
public static class DetectCommand
{
    public static async Task<int> RunAsync(Arguments args, TextReader stdin, Stream output)
    {
        if (args.Positional.Count > 2)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs detect [FILE|-]");
        }

        var path = args.Positional.Count == 2 ? args.Positional[1] : "-";
        if (path != "-" && !File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"no such file: {path}");
        }

        using var reader = path == "-" ? stdin : new StreamReader(path);
        foreach (var report in CrashDetector.DetectAll(reader))
        {
            await using (var writer = new Utf8JsonWriter(output))
            {
                CrashReportJson.Write(writer, report);
            }

            output.WriteByte((byte)'\n');
        }

        await output.FlushAsync();
        return ExitCodes.Ok;
    }
}
