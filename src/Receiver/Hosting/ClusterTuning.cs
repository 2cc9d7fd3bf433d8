namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// How fast the cluster notices a dead member and moves its nodes elsewhere (configuration section
/// <c>Cluster</c>, e.g. <c>KRGLOGS_CLUSTER__STABLE_AFTER=00:00:05</c>). Every member (aggregators and receivers)
/// should use the same values: the split-brain decision is taken by whichever member leads.
/// Fail-over time ≈ <see cref="AcceptableHeartbeatPause"/> + <see cref="StableAfter"/> + <see cref="DownRemovalMargin"/>
/// + a receiver's resend delay; the defaults aim at well under 10 s on a LAN. Raise them on a network or machine
/// with long pauses (GC, overload), where a slow member would otherwise be taken for a dead one.
/// </summary>
public sealed record ClusterTuning
{
    /// <summary>Members heartbeat each other this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence tolerated before a member is marked unreachable (Akka's default, 3 s: less gives false alarms
    /// on a loaded machine).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long membership must stay unchanged before the split-brain resolver downs the unreachable
    /// side (Akka's default: 20 s).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When reachability keeps changing this long, the resolver downs every member (Akka's default: 3/4 of
    /// <see cref="StableAfter"/>, which with a short <see cref="StableAfter"/> took down a whole busy test cluster for one
    /// killed receiver). Long enough to ride out a member's restart; the whole cluster going down is the last resort.
    /// </summary>
    public TimeSpan DownAllWhenUnstable { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Extra wait after downing before a downed member's shards start elsewhere; the minority side has
    /// downed itself after <see cref="StableAfter"/>, so the margin only covers its entities stopping.</summary>
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a shard region retries registering with (and asking) a moved coordinator (Akka's default: 2 s).</summary>
    public TimeSpan ShardingRetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Pause before a failed coordinator singleton restarts (Akka's default: 5 s).</summary>
    public TimeSpan CoordinatorFailureBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a shard hand-off (rebalance, rolling restart) may take before it is given up.</summary>
    public TimeSpan HandOffTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the coordinator looks for shards to move to new members.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The keys this tuning sets in Akka's configuration (converted with Akka.Hosting's
    /// IConfiguration-to-HOCON bridge, so no HOCON text is written by hand).</summary>
    public IReadOnlyDictionary<string, string?> AkkaSettings() => new Dictionary<string, string?>
    {
        ["akka.cluster.split-brain-resolver.stable-after"] = Duration(StableAfter),
        ["akka.cluster.split-brain-resolver.down-all-when-unstable"] = Duration(DownAllWhenUnstable),
        ["akka.cluster.down-removal-margin"] = Duration(DownRemovalMargin),
        ["akka.cluster.sharding.retry-interval"] = Duration(ShardingRetryInterval),
        ["akka.cluster.sharding.coordinator-failure-backoff"] = Duration(CoordinatorFailureBackoff),
        ["akka.cluster.sharding.handoff-timeout"] = Duration(HandOffTimeout),
        ["akka.cluster.sharding.rebalance-interval"] = Duration(RebalanceInterval),
    };

    private static string Duration(TimeSpan span) =>
        ((long)Math.Max(1, span.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms";
}
