namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Signals other than SIGINT, as logrotate or an operator sends them (e.g. SIGHUP = 1).</summary>
public sealed partial class AggregatorProcess
{
    public Task SignalAsync(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        return Task.CompletedTask;
    }
}
