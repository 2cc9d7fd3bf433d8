namespace KrgLogs.Shared.Syslog;

/// <summary>Why a message was flagged Malformed (its text is then the raw bytes, escaped).</summary>
public enum SyslogMalformedReason
{
    /// <summary>Nothing left after trailing newlines / NULs were trimmed.</summary>
    Empty = 0,

    /// <summary>The message does not start with '&lt;'.</summary>
    NoPri = 1,

    /// <summary>'&lt;' not followed by 1–3 digits and '&gt;', or a value above 191.</summary>
    BadPri = 2,

    /// <summary>An RFC 5424 header that ends before MSGID.</summary>
    TruncatedHeader = 3,

    /// <summary>RFC 5424 STRUCTURED-DATA that is neither '-' nor well-formed '[...]' elements.</summary>
    BadStructuredData = 4,
}
