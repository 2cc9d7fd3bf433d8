namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// How fast the cluster notices a dead member and moves its nodes elsewhere (configuration section
/// <c>Cluster</c>, e.g. <c>KRGLOGS_CLUSTER__STABLE_AFTER=00:00:05</c>). Every member (aggregators and receivers)
/// should use the same values: the split-brain decision is taken by whichever member leads.
/// A killed member's nodes are served again after: detection (≈ <see cref="HeartbeatInterval"/> +
/// <see cref="AcceptableHeartbeatPause"/> + the failure detector's margin for jitter) + <see cref="StableAfter"/> +
/// removal (a <see cref="GossipInterval"/> or two) + <see cref="DownRemovalMargin"/> + shard allocation and entity
/// recovery + a receiver's resend delay: ~6-8 s with the defaults. A member that stops cleanly hands its shards over
/// without any of the waiting. A live member is downed only when silent for about detection + <see cref="StableAfter"/>
/// (~5 s); raise both on a network or machine with longer pauses (GC, overload).
/// </summary>
public sealed record ClusterTuning
{
    /// <summary>Members heartbeat each other this often (Akka's default: 1 s; a heartbeat is a few bytes).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Silence tolerated, on top of the usual heartbeat interval and its jitter, before a member is marked unreachable
    /// (Akka's default: 3 s). Unreachable is not yet down: a member that answers again within <see cref="StableAfter"/>
    /// is kept, so a loaded 2-core machine's 2-3 s stalls only make it flap, they do not take it down.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long membership must stay unchanged before the split-brain resolver downs the unreachable
    /// side (Akka's default: 20 s).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// Pace of membership gossip, of the leader's actions (moving a downed member to removed) and of the failure
    /// detector's checks (Akka's default: 1 s each). A downed member is removed, and its shards freed, within about
    /// two of these.
    /// </summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(500);

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

    /// <summary>
    /// Least number of aggregators the shard coordinator's state must be written to (and read from) before a shard is
    /// placed. Akka's default (5) means "every aggregator" in a cluster of fewer than five, so one dead aggregator not
    /// yet removed blocks every shard allocation until it is; 1 means a plain majority of the aggregators.
    /// </summary>
    public int CoordinatorStateMinimumReplicas { get; init; } = 1;

    /// <summary>
    /// Largest message between members (Akka's default: 128,000 bytes). A receiver sends each node's datagrams to
    /// an aggregator as one message of up to <c>MaxBatchBytes</c> (256 KiB) plus one datagram: remoting drops a bigger
    /// one (the receiver would resend it for ever), so keep this above that.
    /// </summary>
    public int MaximumFrameBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The keys this tuning sets in Akka's configuration (converted with Akka.Hosting's
    /// IConfiguration-to-HOCON bridge, so no HOCON text is written by hand).</summary>
    public IReadOnlyDictionary<string, string?> AkkaSettings() => new Dictionary<string, string?>
    {
        ["akka.cluster.split-brain-resolver.stable-after"] = AkkaDuration.Of(StableAfter),
        ["akka.cluster.gossip-interval"] = AkkaDuration.Of(GossipInterval),
        ["akka.cluster.leader-actions-interval"] = AkkaDuration.Of(GossipInterval),
        ["akka.cluster.unreachable-nodes-reaper-interval"] = AkkaDuration.Of(GossipInterval),
        ["akka.cluster.split-brain-resolver.down-all-when-unstable"] = AkkaDuration.Of(DownAllWhenUnstable),
        ["akka.cluster.down-removal-margin"] = AkkaDuration.Of(DownRemovalMargin),
        ["akka.cluster.sharding.retry-interval"] = AkkaDuration.Of(ShardingRetryInterval),
        ["akka.cluster.sharding.coordinator-failure-backoff"] = AkkaDuration.Of(CoordinatorFailureBackoff),
        ["akka.cluster.sharding.handoff-timeout"] = AkkaDuration.Of(HandOffTimeout),
        ["akka.cluster.sharding.rebalance-interval"] = AkkaDuration.Of(RebalanceInterval),
        ["akka.cluster.sharding.distributed-data.majority-min-cap"] = CoordinatorStateMinimumReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["akka.remote.dot-netty.tcp.maximum-frame-size"] = MaximumFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "b",

        // Heartbeats, gossip and the split-brain resolver (cluster) and the connections carrying them (remote) run on
        // threads of their own. On Akka's defaults they queue on the .NET thread pool behind everything else: a member
        // busy starting (recovery, projections catching up) then answered heartbeats seconds late, two busy members
        // took each other for unreachable, and the resolver downed both as "indirectly connected".
        ["akka.cluster.use-dispatcher"] = MembershipDispatcher,
        ["akka.remote.use-dispatcher"] = MembershipDispatcher,
        [MembershipDispatcher + ".type"] = "Dispatcher",
        [MembershipDispatcher + ".executor"] = $"{typeof(MembershipExecutorConfigurator).FullName}, {typeof(MembershipExecutorConfigurator).Assembly.GetName().Name}",
        [MembershipDispatcher + ".threads"] = "2",
        [MembershipDispatcher + ".throughput"] = "30",
    };

    /// <summary>The dispatcher (dedicated threads) of the cluster's and remoting's own actors.</summary>
    public const string MembershipDispatcher = "akka.actor.krglogs-membership-dispatcher";
}
