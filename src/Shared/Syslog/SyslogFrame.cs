using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Syslog;

/// <summary>A frame copied out of the framer, for callers that prefer a list to a callback.</summary>
public readonly record struct SyslogFrame(byte[] Bytes, LineFlags Flags);
