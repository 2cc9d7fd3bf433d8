namespace KrgLogs.Shared.Syslog;

/// <summary>What one <see cref="SyslogParser"/> has seen. Not thread-safe, like the parser.</summary>
public sealed class SyslogParseCounters
{
    private readonly long[] _malformed = new long[Enum.GetValues<SyslogMalformedReason>().Length];

    public long Messages { get; private set; }

    public long Rfc3164 { get; private set; }

    public long Rfc5424 { get; private set; }

    /// <summary>Messages whose text had bytes that are not UTF-8 (written as \xNN, not flagged Malformed).</summary>
    public long InvalidUtf8 { get; private set; }

    /// <summary>Messages whose text had control bytes (NUL, ESC, CR, interior LF...; written as \xNN).</summary>
    public long ControlBytes { get; private set; }

    public long Malformed { get; private set; }

    public long MalformedBy(SyslogMalformedReason reason) => _malformed[(int)reason];

    internal void CountMessage(bool rfc5424)
    {
        Messages++;
        if (rfc5424)
        {
            Rfc5424++;
        }
        else
        {
            Rfc3164++;
        }
    }

    internal void CountMalformed(SyslogMalformedReason reason)
    {
        Messages++;
        Malformed++;
        _malformed[(int)reason]++;
    }

    internal void CountEscapes(TextEscapes escapes)
    {
        if ((escapes & TextEscapes.InvalidUtf8) != 0)
        {
            InvalidUtf8++;
        }

        if ((escapes & TextEscapes.ControlBytes) != 0)
        {
            ControlBytes++;
        }
    }
}
