using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Syslog;

/// <summary>A decoded syslog message: the line krglogs keeps, plus header fields a <see cref="LogLine"/> has no room for.</summary>
/// <param name="Line">The line (for a message with embedded newlines, these are escaped; see <see cref="SyslogParser.ParseMessages"/>).</param>
/// <param name="Timestamp">The sender's TIMESTAMP, resolved to an instant (RFC 3164: year and zone inferred), or null.</param>
/// <param name="MsgId">RFC 5424 MSGID, null when nil or RFC 3164.</param>
/// <param name="StructuredData">RFC 5424 STRUCTURED-DATA as on the wire (escapes kept), null when nil.</param>
public readonly record struct SyslogMessage(LogLine Line, DateTimeOffset? Timestamp, string? MsgId, string? StructuredData);
