namespace KrgLogs.Receiver;

/// <summary>Actor-registry key for the NodeLog shard region (or, on a standalone receiver, its proxy).</summary>
public sealed class NodeLogRegion
{
    public const string TypeName = "node-log";

    private NodeLogRegion()
    {
    }
}
