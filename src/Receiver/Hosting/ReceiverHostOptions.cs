namespace KrgLogs.Receiver.Hosting;

/// <summary>How a standalone collector joins the cluster; bound from configuration like the aggregator's options.</summary>
public sealed record ReceiverHostOptions
{
    public string ClusterHost { get; init; } = "127.0.0.1";

    /// <summary>0: any free port (a collector is never a seed).</summary>
    public int ClusterPort { get; init; }

    public string? PublicHost { get; init; }

    /// <summary>Comma-separated Akka addresses of aggregators to join (<c>akka.tcp://krglogs@host:6681</c>). Required.</summary>
    public string? Seeds { get; init; }
}
