using Akka.Cluster.Sharding;

namespace KrgLogs.Receiver.Protocol;

/// <summary>
/// Entity id = node name. The shard comes from a stable hash of it (FNV-1a over UTF-16 code units) that every
/// process computes alike: string.GetHashCode is randomised per process in .NET.
/// </summary>
public sealed class NodeMessageExtractor(int maxShards = NodeMessageExtractor.DefaultMaxShards) : IMessageExtractor
{
    public const int DefaultMaxShards = 100;

    public string? EntityId(object message) => message switch
    {
        INodeMessage m => m.Node,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string ShardId(object message) => ShardOf(EntityId(message) ?? string.Empty);

    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    private string ShardOf(string entityId)
    {
        var hash = 2166136261u;
        foreach (var c in entityId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % (uint)maxShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
