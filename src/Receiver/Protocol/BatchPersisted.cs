namespace KrgLogs.Receiver.Protocol;

/// <summary>The entity's cumulative ack: every batch of <paramref name="Sender"/> up to <paramref name="UpTo"/> is persisted.</summary>
public sealed record BatchPersisted(string Node, string Sender, long UpTo) : IReceiverProtocolMessage;
