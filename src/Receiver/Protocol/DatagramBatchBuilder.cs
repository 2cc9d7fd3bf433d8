using KrgLogs.Shared.Ingest;

namespace KrgLogs.Receiver.Protocol;

/// <summary>Collects one node's datagrams until the batch is full or old enough to send.</summary>
public sealed class DatagramBatchBuilder
{
    private byte[] _buffer;
    private readonly List<int> _ends = [];
    private readonly List<long> _ticks = [];
    private readonly List<DatagramTransport> _transports = [];
    private int _length;

    public DatagramBatchBuilder(int initialBytes = 4096) => _buffer = new byte[initialBytes];

    public int Count => _ends.Count;

    public int ByteCount => _length;

    /// <summary>When the first datagram of the current batch arrived (UTC ticks); 0 when empty.</summary>
    public long FirstTicks => _ticks.Count == 0 ? 0 : _ticks[0];

    public void Add(ReadOnlySpan<byte> payload, long receivedAtTicks, DatagramTransport transport)
    {
        if (_length + payload.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + payload.Length));
        }

        payload.CopyTo(_buffer.AsSpan(_length));
        _length += payload.Length;
        _ends.Add(_length);
        _ticks.Add(receivedAtTicks);
        _transports.Add(transport);
    }

    /// <summary>Hands out what was collected as an immutable batch and starts empty again.</summary>
    public DatagramBatch Build()
    {
        var batch = new DatagramBatch(_buffer.AsSpan(0, _length).ToArray(), [.. _ends], [.. _ticks], [.. _transports]);
        _ends.Clear();
        _ticks.Clear();
        _transports.Clear();
        _length = 0;
        return batch;
    }
}
