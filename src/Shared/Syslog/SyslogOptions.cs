namespace KrgLogs.Shared.Syslog;

/// <summary>Settings of the syslog decoder and framer. Immutable; one instance is shared by every connection.</summary>
public sealed record SyslogOptions
{
    public static SyslogOptions Default { get; } = new();

    /// <summary>Zone of RFC 3164 timestamps and of ISO timestamps without an offset (senders rarely say).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Largest frame (one message) kept; a longer one is cut and flagged Truncated.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// An octet count above this is not a big message but a broken stream (RFC 6587 senders never go near it):
    /// the framer counts it as a garbage length and resynchronises instead of skipping that many bytes.
    /// </summary>
    public long MaxOctetCount { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// How far in the future an RFC 3164 (yearless) timestamp may lie, for clock skew, before it is taken to be
    /// from last year. A December message received in January is last year's.
    /// </summary>
    public TimeSpan FutureTolerance { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Slots of the per-parser cache of HOSTNAME / APP-NAME / PROCID strings (0 disables it).</summary>
    public int TokenCacheSlots { get; init; } = 512;
}
