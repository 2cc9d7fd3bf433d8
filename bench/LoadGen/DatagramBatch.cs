namespace KrgLogs.LoadGen;

/// <summary>Datagrams laid out back to back in one pinned buffer, ready for one sendmmsg call.</summary>
public sealed class DatagramBatch(int capacity)
{
    private const int Slot = 1100;

    public byte[] Buffer { get; } = GC.AllocateArray<byte>(capacity * Slot, pinned: true);

    public int[] Offsets { get; } = new int[capacity];

    public int[] Lengths { get; } = new int[capacity];

    public int Capacity => capacity;

    public int Count { get; private set; }

    private int _used;

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Room for the next datagram (at most one slot).</summary>
    public Span<byte> Begin() => Buffer.AsSpan(_used, Slot);

    public void End(int length)
    {
        Offsets[Count] = _used;
        Lengths[Count] = length;
        _used += length;
        Count++;
    }
}
