using System.Diagnostics;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Runs a real program (logger, a syslog daemon…) to completion and fails the test if it fails.</summary>
public static class ExternalCommand
{
    public static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
