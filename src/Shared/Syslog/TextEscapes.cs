namespace KrgLogs.Shared.Syslog;

/// <summary>What <see cref="SyslogText"/> had to escape while decoding.</summary>
[Flags]
internal enum TextEscapes
{
    None = 0,
    InvalidUtf8 = 1,
    ControlBytes = 2,
}
