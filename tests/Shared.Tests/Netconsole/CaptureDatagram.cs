namespace KrgLogs.Shared.Tests.Netconsole;

/// <summary>One datagram of a real capture: its payload and arrival time.</summary>
public sealed record CaptureDatagram(byte[] Payload, DateTimeOffset ReceivedAt);
