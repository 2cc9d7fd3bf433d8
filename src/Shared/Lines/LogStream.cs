namespace KrgLogs.Shared.Lines;

/// <summary>Where a line came from on the node.</summary>
public enum LogStream : byte
{
    /// <summary>The kernel's console: netconsole, or kernel lines relayed by syslog.</summary>
    Kernel = 0,

    /// <summary>Everything else the node's syslog daemon sends.</summary>
    Syslog = 1,
}
