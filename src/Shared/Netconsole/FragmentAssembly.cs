namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// One record's ncfrag fragments, put together by byte coverage (order and duplicates do not matter).
/// Instances held by a <see cref="NetconsoleState"/> are never mutated: the decoder works on clones.
/// </summary>
internal sealed class FragmentAssembly
{
    private readonly byte[] _bytes;

    // Sorted, disjoint, non-adjacent [start, end) pairs.
    private int[] _coverage;
    private int _coverageCount;

    public FragmentAssembly(long seq, int priority, long usec, string? caller, byte flag, int total, DateTimeOffset firstAt)
    {
        Seq = seq;
        Priority = priority;
        Usec = usec;
        Caller = caller;
        Flag = flag;
        _bytes = new byte[total];
        _coverage = new int[4];
        FirstAt = firstAt;
        LastAt = firstAt;
    }

    private FragmentAssembly(FragmentAssembly other)
    {
        Seq = other.Seq;
        Priority = other.Priority;
        Usec = other.Usec;
        Caller = other.Caller;
        Flag = other.Flag;
        _bytes = (byte[])other._bytes.Clone();
        _coverage = (int[])other._coverage.Clone();
        _coverageCount = other._coverageCount;
        FirstAt = other.FirstAt;
        LastAt = other.LastAt;
    }

    public long Seq { get; }

    public int Priority { get; }

    public long Usec { get; }

    public string? Caller { get; }

    public byte Flag { get; }

    public int Total => _bytes.Length;

    public DateTimeOffset FirstAt { get; }

    public DateTimeOffset LastAt { get; private set; }

    public bool IsComplete => _coverageCount == 1 && _coverage[0] == 0 && _coverage[1] == _bytes.Length;

    /// <summary>The covered ranges as (start, end) pairs.</summary>
    public ReadOnlySpan<int> Coverage => _coverage.AsSpan(0, _coverageCount * 2);

    public ReadOnlySpan<byte> Bytes => _bytes;

    public FragmentAssembly Clone() => new(this);

    /// <summary>Adds a fragment; the caller has checked 0 ≤ offset, offset + piece.Length ≤ Total.</summary>
    public void Add(int offset, ReadOnlySpan<byte> piece, DateTimeOffset receivedAt)
    {
        piece.CopyTo(_bytes.AsSpan(offset));
        LastAt = receivedAt;
        Cover(offset, offset + piece.Length);
    }

    /// <summary>The received bytes in order, the missing ranges left out (what came is kept).</summary>
    public int CopyReceived(Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < _coverageCount; i++)
        {
            var start = _coverage[2 * i];
            var end = _coverage[(2 * i) + 1];
            _bytes.AsSpan(start, end - start).CopyTo(destination[length..]);
            length += end - start;
        }

        return length;
    }

    internal void Cover(int start, int end)
    {
        // Merge every range that touches [start, end), then insert the union in order.
        var i = 0;
        while (i < _coverageCount && _coverage[(2 * i) + 1] < start)
        {
            i++;
        }

        var j = i;
        while (j < _coverageCount && _coverage[2 * j] <= end)
        {
            start = Math.Min(start, _coverage[2 * j]);
            end = Math.Max(end, _coverage[(2 * j) + 1]);
            j++;
        }

        var removed = j - i;
        if (removed == 0)
        {
            if ((_coverageCount + 1) * 2 > _coverage.Length)
            {
                Array.Resize(ref _coverage, _coverage.Length * 2);
            }

            Array.Copy(_coverage, 2 * i, _coverage, 2 * (i + 1), 2 * (_coverageCount - i));
            _coverageCount++;
        }
        else if (removed > 1)
        {
            Array.Copy(_coverage, 2 * j, _coverage, 2 * (i + 1), 2 * (_coverageCount - j));
            _coverageCount -= removed - 1;
        }

        _coverage[2 * i] = start;
        _coverage[(2 * i) + 1] = end;
    }

    /// <summary>Rebuilds one from persisted state: ranges and their bytes.</summary>
    internal void Restore(ReadOnlySpan<int> coverage, ReadOnlySpan<byte> received)
    {
        var offset = 0;
        for (var i = 0; i + 1 < coverage.Length; i += 2)
        {
            var length = coverage[i + 1] - coverage[i];
            received.Slice(offset, length).CopyTo(_bytes.AsSpan(coverage[i]));
            offset += length;
            Cover(coverage[i], coverage[i + 1]);
        }
    }

    internal void RestoreLastAt(DateTimeOffset lastAt) => LastAt = lastAt;
}
