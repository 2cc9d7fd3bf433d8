namespace KrgLogs.Shared.Syslog;

/// <summary>How a TCP connection delimits its messages (RFC 6587), decided by its first byte.</summary>
public enum SyslogFramingMode
{
    /// <summary>No byte seen yet.</summary>
    Unknown = 0,

    /// <summary><c>MSG-LEN SP MSG</c>: the first byte was a digit.</summary>
    OctetCounting = 1,

    /// <summary>Each message ends with LF (or NUL): the first byte was '&lt;' (or anything but a digit).</summary>
    NonTransparent = 2,
}
