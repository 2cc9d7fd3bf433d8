namespace KrgLogs.Shared.Netconsole;

/// <summary>Limits and timeouts of a <see cref="NetconsoleDecoder"/>. The defaults follow netconsd.</summary>
public sealed record NetconsoleOptions
{
    /// <summary>Largest reorder window the duplicate bitmap can track.</summary>
    public const int MaxReorderWindow = 64;

    public static NetconsoleOptions Default { get; } = new();

    /// <summary>A plain line with no newline for this long is emitted as it is (flag PartialFlushed).</summary>
    public TimeSpan PartialLineTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An ncfrag record still incomplete this long after its first fragment is released as it is.</summary>
    public TimeSpan FragmentTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a seq gap may hold later records back (a gap is usually a filtered loglevel).</summary>
    public TimeSpan ReorderTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Records held back behind a gap at most; also the duplicate horizon and the reboot threshold.</summary>
    public int ReorderWindow { get; init; } = MaxReorderWindow;

    /// <summary>netconsole never sends more than 1000 bytes; anything much larger is not from a kernel.</summary>
    public int MaxDatagramBytes { get; init; } = 4096;

    /// <summary>Largest ncfrag total accepted (the kernel's CONSOLE_EXT_LOG_MAX is 8192).</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024;

    /// <summary>Records reassembled at once; the oldest is released incomplete beyond this.</summary>
    public int MaxPendingFragmentedRecords { get; init; } = 8;

    /// <summary>A plain line longer than this is cut (flag Truncated).</summary>
    public int MaxLineBytes { get; init; } = 8 * 1024;

    /// <summary>Raw bytes kept of a malformed datagram (the rest is cut, flag Truncated).</summary>
    public int MaxMalformedBytes { get; init; } = 1024;

    /// <summary>
    /// Released records kept back so that a later <c>c</c> continuation of the same caller can be merged in.
    /// 0 disables merging (continuations then come out as lines of their own).
    /// </summary>
    public int ContinuationWindow { get; init; } = 4;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ReorderWindow, 1, nameof(ReorderWindow));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReorderWindow, MaxReorderWindow, nameof(ReorderWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramBytes, 1, nameof(MaxDatagramBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingFragmentedRecords, 1, nameof(MaxPendingFragmentedRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineBytes, 1, nameof(MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMalformedBytes, 1, nameof(MaxMalformedBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(ContinuationWindow, nameof(ContinuationWindow));
    }
}
