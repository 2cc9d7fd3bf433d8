using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

/// <summary>Shorthands for the tests: text to wire bytes, and one parse at a fixed reception time.</summary>
internal static class Wire
{
    public static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 5, TimeSpan.Zero);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static LogLine Line(string message) => SyslogParser.Parse(Bytes(message), Received, SyslogOptions.Default);

    public static SyslogMessage Message(string message, SyslogOptions? options = null, DateTimeOffset? receivedAt = null) =>
        SyslogParser.ParseMessage(Bytes(message), receivedAt ?? Received, options ?? SyslogOptions.Default);
}
