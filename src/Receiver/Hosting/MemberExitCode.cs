using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// Runs a cluster member's host and gives the process exit code for how its actor system ended. A stop that was
/// asked for (SIGTERM, Ctrl+C) exits 0. A member the cluster downed (the split-brain resolver after a long stall, say)
/// or that could not join exits <see cref="Downed"/>: it cannot come back by itself, and with exit code 0 systemd's
/// Restart=on-failure would leave it down for good; restarted, it rejoins as a new incarnation.
/// </summary>
public static class MemberExitCode
{
    /// <summary>Akka's own code for a downed member (CoordinatedShutdown logs "Exiting with [ExitCode:3]").</summary>
    public const int Downed = 3;

    /// <summary>Like <c>host.RunAsync()</c>, but returns the exit code; logs why when it is not 0.</summary>
    public static async Task<int> RunAsync(IHost host)
    {
        try
        {
            await host.StartAsync();
            // Read before the host is disposed (disposing it disposes the service provider).
            var system = host.Services.GetRequiredService<ActorSystem>();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MemberExitCode));
            await host.WaitForShutdownAsync();
            return Of(CoordinatedShutdown.Get(system).ShutdownReason, logger);
        }
        finally
        {
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    private static int Of(CoordinatedShutdown.Reason? reason, ILogger logger)
    {
        if (reason is not (CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason))
        {
            return 0;
        }

        logger.LogError(
            "This member left the cluster without being asked to ({Reason}); exiting with {ExitCode} so that its service manager starts it again",
            reason.GetType().Name,
            Downed);
        return Downed;
    }
}
