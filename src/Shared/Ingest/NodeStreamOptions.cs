using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Ingest;

public sealed record NodeStreamOptions
{
    /// <summary>Plain netconsole has no sequence numbers: an unfinished line is let out after this long.</summary>
    public TimeSpan PartialLineTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Time zone of RFC 3164 timestamps, and the other syslog settings.</summary>
    public SyslogOptions Syslog { get; init; } = SyslogOptions.Default;
}
