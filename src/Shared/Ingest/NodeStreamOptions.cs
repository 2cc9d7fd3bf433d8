using KrgLogs.Shared.Netconsole;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Ingest;

public sealed record NodeStreamOptions
{
    /// <summary>Partial-line, fragment and reorder timeouts, window and size limits of netconsole decoding.</summary>
    public NetconsoleOptions Netconsole { get; init; } = NetconsoleOptions.Default;

    /// <summary>Time zone of RFC 3164 timestamps, frame limits and the other syslog settings.</summary>
    public SyslogOptions Syslog { get; init; } = SyslogOptions.Default;
}
