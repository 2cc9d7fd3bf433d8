namespace KrgLogs.Aggregator.Api;

/// <summary>A node in the list; the fields after <see cref="Lines"/> are what the web page shows at a glance
/// (see <see cref="NodeGlance"/>), left out when unknown.</summary>
public sealed record NodeSummaryDto(string Node, DateTimeOffset LastSeen, long Lines)
{
    /// <summary>crashed, silent, rebooted or alive.</summary>
    public string? State { get; init; }

    public DateTimeOffset? LastLineAt { get; init; }

    public double? LinesPerMinute { get; init; }

    public int? Boot { get; init; }

    /// <summary>When the current boot's first line arrived, when the node's recent lines show the reboot.</summary>
    public DateTimeOffset? BootedAt { get; init; }

    public long? Crashes { get; init; }

    public string? LastCrashId { get; init; }

    public string? LastCrashTitle { get; init; }

    public string? LastCrashKind { get; init; }

    public DateTimeOffset? LastCrashAt { get; init; }
}
