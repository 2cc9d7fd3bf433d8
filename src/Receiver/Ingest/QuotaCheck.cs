using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Ingest;

/// <summary>The receiver's side of <see cref="NodeQuota"/>: the decision, plus a rate-limited warning per node.</summary>
public static class QuotaCheck
{
    /// <summary>True when the datagram may go on; false when it was dropped (and counted) for the node's quota.</summary>
    public static bool Admit(this NodeQuota? quota, string node, int bytes, long nowTicks, ILogger logger)
    {
        if (quota is null)
        {
            return true;
        }

        var verdict = quota.Admit(node, bytes, nowTicks);
        if (verdict == QuotaVerdict.DroppedReport)
        {
            var drops = quota.DropsOf(node);
            logger.LogWarning(
                "Node {Node} is over its quota ({Lines} lines/s, {Bytes} bytes/s): {DroppedLines} datagrams ({DroppedBytes} bytes) dropped so far (reason quota)",
                node, quota.Options.LinesPerSecond, quota.Options.BytesPerSecond, drops.Lines, drops.Bytes);
        }

        return verdict == QuotaVerdict.Admitted;
    }

    /// <summary>TCP: charges what was read and waits until the node's rate has paid it back (backpressure, no loss).</summary>
    public static async Task Throttle(this NodeQuota? quota, string node, int frames, long bytes, TimeProvider time, CancellationToken cancel)
    {
        if (quota is null || frames == 0)
        {
            return;
        }

        quota.Charge(node, frames, bytes, time.GetUtcNow().UtcTicks);
        var delay = quota.Delay(node, time.GetUtcNow().UtcTicks);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancel);
        }
    }
}
