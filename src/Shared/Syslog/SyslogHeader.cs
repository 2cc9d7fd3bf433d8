namespace KrgLogs.Shared.Syslog;

/// <summary>The fields of one message as slices of its bytes; strings are made only for what a line keeps.</summary>
internal ref struct SyslogHeader
{
    public int Pri;
    public bool Is5424;
    public DateTimeOffset? Timestamp;
    public ReadOnlySpan<byte> Host;
    public ReadOnlySpan<byte> App;
    public ReadOnlySpan<byte> ProcId;
    public ReadOnlySpan<byte> MsgId;
    public ReadOnlySpan<byte> StructuredData;
    public ReadOnlySpan<byte> Msg;
}
