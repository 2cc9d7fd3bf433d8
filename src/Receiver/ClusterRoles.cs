namespace KrgLogs.Receiver;

/// <summary>The cluster's names: one actor system name, two roles.</summary>
public static class ClusterRoles
{
    public const string SystemName = "krglogs";

    /// <summary>Hosts the NodeLog shard region, persistence and the API; the only role counted for split-brain decisions.</summary>
    public const string Aggregator = "aggregator";

    /// <summary>Sockets only; forwards through a shard-region proxy.</summary>
    public const string Receiver = "receiver";
}
