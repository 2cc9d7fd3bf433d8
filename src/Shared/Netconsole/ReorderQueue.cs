namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// Records waiting behind a seq gap, sorted by seq. A deque centred in its array so that both the usual
/// arrival (append a higher seq) and a reversed burst (prepend a lower one) cost no shifting.
/// </summary>
internal sealed class ReorderQueue
{
    private readonly ExtendedRecord[] _items;
    private int _head;

    public ReorderQueue(int capacity)
    {
        _items = new ExtendedRecord[(2 * capacity) + 2];
        _head = _items.Length / 2;
    }

    public int Count { get; private set; }

    public ref readonly ExtendedRecord First => ref _items[_head];

    public ref readonly ExtendedRecord this[int index] => ref _items[_head + index];

    public ExtendedRecord[] ToArray() => _items.AsSpan(_head, Count).ToArray();

    public int IndexOf(long seq)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var at = _items[_head + mid].Seq;
            if (at == seq)
            {
                return mid;
            }

            if (at < seq)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>Inserts in seq order; the caller keeps Count at most the capacity + 1 and seqs unique.</summary>
    public void Insert(in ExtendedRecord record)
    {
        var at = Count;
        while (at > 0 && _items[_head + at - 1].Seq > record.Seq)
        {
            at--;
        }

        if (at == 0 && _head > 0)
        {
            _items[--_head] = record;
            Count++;
            return;
        }

        if (_head + Count == _items.Length)
        {
            Recentre();
        }

        Array.Copy(_items, _head + at, _items, _head + at + 1, Count - at);
        _items[_head + at] = record;
        Count++;
    }

    public ExtendedRecord TakeFirst()
    {
        var first = _items[_head];
        _items[_head] = default;
        _head++;
        Count--;
        if (Count == 0)
        {
            _head = _items.Length / 2;
        }

        return first;
    }

    public DateTimeOffset EarliestReceivedAt()
    {
        var earliest = _items[_head].ReceivedAt;
        for (var i = 1; i < Count; i++)
        {
            if (_items[_head + i].ReceivedAt < earliest)
            {
                earliest = _items[_head + i].ReceivedAt;
            }
        }

        return earliest;
    }

    private void Recentre()
    {
        var head = (_items.Length - Count) / 2;
        Array.Copy(_items, _head, _items, head, Count);
        Array.Clear(_items, 0, head);
        Array.Clear(_items, head + Count, _items.Length - head - Count);
        _head = head;
    }
}
