using KrgLogs.Aggregator.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Api;

/// <summary>
/// What an operator wants to see of a node at a glance, worked out from its status, its last lines and its crash
/// reports at an explicit time (pure: no clock, no actor).
/// </summary>
public static class NodeGlance
{
    /// <summary>No line for this long: the node is silent.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(2);

    /// <summary>A boot that started this recently shows as "rebooted".</summary>
    public static readonly TimeSpan RebootedWithin = TimeSpan.FromMinutes(15);

    /// <summary>How many of its last lines a node is asked for to measure its rate and find its boot.</summary>
    public const int TailSample = 200;

    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    public static NodeSummaryDto Summarize(
        string node, DateTimeOffset lastSeen, long lineCount, IReadOnlyList<LogLine> tail, IReadOnlyList<CrashDetected> crashes, DateTimeOffset now)
    {
        var lastCrash = crashes.Where(c => c.Node == node).MaxBy(c => c.Report.FirstAt);
        var crashCount = crashes.Count(c => c.Node == node);
        // Only kernel lines know the boot (syslog lines carry none).
        var kernel = tail.Where(l => l.Stream == LogStream.Kernel).ToList();
        int? boot = kernel.Count > 0 ? kernel[^1].Boot : null;
        var bootedAt = BootStart(kernel);
        var lastLineAt = tail.Count > 0 ? tail[^1].ReceivedAt : (DateTimeOffset?)null;
        return new NodeSummaryDto(node, lastSeen, lineCount)
        {
            State = State(lastSeen, boot, bootedAt, lastCrash, now),
            LastLineAt = lastLineAt,
            LinesPerMinute = LinesPerMinute(tail, now),
            Boot = boot,
            BootedAt = bootedAt,
            Crashes = crashCount,
            LastCrashId = lastCrash?.Id,
            LastCrashTitle = lastCrash?.Report.Title,
            LastCrashKind = lastCrash?.Report.Kind,
            LastCrashAt = lastCrash?.Report.FirstAt,
        };
    }

    /// <summary>crashed (a report other than a warning in the current boot), silent, rebooted (recently), or alive.</summary>
    public static string State(DateTimeOffset lastSeen, int? boot, DateTimeOffset? bootedAt, CrashDetected? lastCrash, DateTimeOffset now)
    {
        if (lastCrash is { } crash && (boot is null || crash.Report.Boot == boot)
            && (crash.Report.Panicked || !string.Equals(crash.Report.Kind, "warning", StringComparison.OrdinalIgnoreCase)))
        {
            return "crashed";
        }

        if (now - lastSeen > SilentAfter)
        {
            return "silent";
        }

        return bootedAt is { } booted && now - booted <= RebootedWithin ? "rebooted" : "alive";
    }

    /// <summary>When the current boot's first kernel line arrived, if the sample holds the change of boot; else unknown.</summary>
    public static DateTimeOffset? BootStart(IReadOnlyList<LogLine> kernelTail)
    {
        for (var i = kernelTail.Count - 1; i > 0; i--)
        {
            if (kernelTail[i - 1].Boot != kernelTail[i].Boot)
            {
                return kernelTail[i].ReceivedAt;
            }
        }

        return null;
    }

    /// <summary>Lines received in the last minute; when the sample is shorter than that minute, its rate scaled to one.</summary>
    public static double LinesPerMinute(IReadOnlyList<LogLine> tail, DateTimeOffset now)
    {
        if (tail.Count == 0)
        {
            return 0;
        }

        var since = now - RateWindow;
        var recent = tail.Count(l => l.ReceivedAt > since);
        if (recent < TailSample || tail[0].ReceivedAt <= since)
        {
            return recent;
        }

        var span = now - tail[0].ReceivedAt;
        return span <= TimeSpan.Zero ? recent : Math.Round(recent * RateWindow.TotalSeconds / span.TotalSeconds, 1);
    }
}
