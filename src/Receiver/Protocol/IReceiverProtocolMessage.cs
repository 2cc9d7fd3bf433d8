namespace KrgLogs.Receiver.Protocol;

/// <summary>Marker bound to <see cref="ProtocolSerializer"/>: everything a receiver and an entity exchange.</summary>
public interface IReceiverProtocolMessage;
