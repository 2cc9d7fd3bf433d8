using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>The last N lines of a node, kept in memory in a ring so reading a tail never touches the journal.</summary>
public sealed class LineTail(int capacity)
{
    private readonly LogLine[] _ring = new LogLine[capacity];
    private int _start;

    public int Count { get; private set; }

    public int Capacity => capacity;

    public void Add(in LogLine line)
    {
        if (Count < capacity)
        {
            _ring[(_start + Count) % capacity] = line;
            Count++;
        }
        else
        {
            _ring[_start] = line;
            _start = (_start + 1) % capacity;
        }
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    public List<LogLine> Last(int count)
    {
        count = Math.Clamp(count, 0, Count);
        var result = new List<LogLine>(count);
        for (var i = Count - count; i < Count; i++)
        {
            result.Add(_ring[(_start + i) % capacity]);
        }

        return result;
    }
}
