namespace KrgLogs.Shared.Netconsole;

/// <summary>What kind of netconsole payload a datagram is, judged from its bytes alone.</summary>
public enum NetconsoleFormat : byte
{
    /// <summary>Raw console text: lines may span datagrams, several lines may share one.</summary>
    Plain = 0,

    /// <summary>The old Kerrighed <c>do_syslog</c> patch: <c>&lt;5&gt; </c> + one line per datagram.</summary>
    SyslogPatch = 1,

    /// <summary>Extended record (<c>level,seq,usec,flag[,...];body</c>), possibly an ncfrag fragment.</summary>
    Extended = 2,

    /// <summary>Not text a kernel sends (NUL bytes, invalid UTF-8, empty).</summary>
    Malformed = 3,
}
