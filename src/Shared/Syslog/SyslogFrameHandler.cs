using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Syslog;

/// <summary>Receives one complete frame. <paramref name="frame"/> is only valid during the call.</summary>
/// <param name="flags"><see cref="LineFlags.Truncated"/> when the frame was cut; pass it on to the parser.</param>
public delegate void SyslogFrameHandler<in TState>(TState state, ReadOnlySpan<byte> frame, LineFlags flags);
