namespace KrgLogs.Receiver.Protocol;

/// <summary>A message for one node's NodeLog entity; the node name is the sharding entity id.</summary>
public interface INodeMessage
{
    string Node { get; }
}
