namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// What a decoder saw and did, per node, since it was first created (counters survive a resume from state).
/// A snapshot: the decoder hands out a copy.
/// </summary>
public sealed class NetconsoleCounters
{
    internal const int SlotCount = 17;
    private const int ReasonBase = 11;
    private const int ReasonCount = 5;
    private const int LinesCutSlot = ReasonBase + ReasonCount; // added after the reasons: older states read it as 0

    // One array so that state persistence and copying stay trivial; slots never change meaning (persisted).
    private readonly long[] _slots;

    internal NetconsoleCounters()
        : this(new long[SlotCount])
    {
    }

    internal NetconsoleCounters(long[] slots)
    {
        _slots = slots;
    }

    public long Datagrams => _slots[0];

    public long PlainDatagrams => _slots[1];

    public long SyslogPatchDatagrams => _slots[2];

    /// <summary>Extended datagrams, fragments included.</summary>
    public long ExtendedDatagrams => _slots[3];

    /// <summary>Records (or fragments) whose seq had already been seen: dropped.</summary>
    public long DuplicatesDropped => _slots[4];

    /// <summary>Reboots detected (backward seq jump, release change, boot banner).</summary>
    public long Reboots => _slots[5];

    /// <summary>Records lost on the wire according to <c>msgid=</c> gaps (seq gaps are not losses).</summary>
    public long WireLost => _slots[6];

    /// <summary>ncfrag records released incomplete (timeout, eviction, flush).</summary>
    public long FragmentsTimedOut => _slots[7];

    /// <summary>Seq gaps given up on after the reorder timeout or a full window (usually filtered loglevels).</summary>
    public long SeqGapsSkipped => _slots[8];

    /// <summary>Records that arrived after later ones were already released: emitted out of order.</summary>
    public long LateRecords => _slots[9];

    /// <summary>Plain partial lines flushed by the idle timeout or a flush.</summary>
    public long PartialLinesFlushed => _slots[10];

    /// <summary>All malformed datagrams or records.</summary>
    public long Malformed
    {
        get
        {
            long sum = 0;
            for (var i = ReasonBase; i < ReasonBase + ReasonCount; i++)
            {
                sum += _slots[i];
            }

            return sum;
        }
    }

    /// <summary>Plain lines longer than <see cref="NetconsoleOptions.MaxLineBytes"/>, emitted cut (flag Truncated).</summary>
    public long LinesCut => _slots[LinesCutSlot];

    public long MalformedFor(MalformedReason reason) => _slots[ReasonBase + (int)reason];

    internal ReadOnlySpan<long> Slots => _slots;

    internal NetconsoleCounters Copy() => new((long[])_slots.Clone());

    internal void CountDatagram(NetconsoleFormat format)
    {
        _slots[0]++;
        if (format != NetconsoleFormat.Malformed)
        {
            _slots[1 + (int)format]++;
        }
    }

    internal void CountDuplicate() => _slots[4]++;

    internal void CountReboot() => _slots[5]++;

    internal void CountWireLost(long n) => _slots[6] = Math.Max(0, _slots[6] + n);

    internal void CountFragmentTimedOut() => _slots[7]++;

    internal void CountGapSkipped() => _slots[8]++;

    internal void CountLate() => _slots[9]++;

    internal void CountPartialFlushed() => _slots[10]++;

    internal void CountLineCut() => _slots[LinesCutSlot]++;

    internal void CountMalformed(MalformedReason reason) => _slots[ReasonBase + (int)reason]++;
}
