namespace KrgLogs.Receiver.Protocol;

/// <summary>
/// A batch of one node's datagrams on its way to the node's entity. <see cref="Sender"/> names one receiver
/// incarnation; <see cref="Seq"/> counts from 1 per (sender, node) so the entity persists each batch once and
/// in order, whatever is resent.
/// </summary>
public sealed record NodeBatch(string Node, string Sender, long Seq, DatagramBatch Datagrams)
    : INodeMessage, IReceiverProtocolMessage;
