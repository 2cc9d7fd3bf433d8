using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Aggregator.Crashes;

/// <summary>
/// A node's crash report, complete: persisted once by the node's entity (tagged <see cref="CrashTopic.Tag"/>)
/// and published on the cluster topic <see cref="CrashTopic.Name"/>. Recovery never publishes it again.
/// </summary>
public sealed record CrashDetected(string Id, string Node, CrashReport Report) : INodeLogMessage
{
    /// <summary>Stable per node and report: the node and the time its first line arrived.</summary>
    public static string IdFor(string node, CrashReport report) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{node}-{report.FirstAt.UtcTicks:x}");
}
