using KrgLogs.Shared.Ingest;

namespace KrgLogs.Receiver.Protocol;

/// <summary>
/// Datagrams (or TCP frames) from one node, packed into one buffer: one allocation per batch, not per datagram.
/// Immutable once built.
/// </summary>
public sealed class DatagramBatch
{
    public DatagramBatch(byte[] buffer, int[] ends, long[] receivedAtTicks, DatagramTransport[] transports)
    {
        if (ends.Length != receivedAtTicks.Length || ends.Length != transports.Length)
        {
            throw new ArgumentException("ends, ticks and transports must have one entry per datagram");
        }

        Buffer = buffer;
        Ends = ends;
        ReceivedAtTicks = receivedAtTicks;
        Transports = transports;
    }

    public byte[] Buffer { get; }

    /// <summary>End offset (exclusive) of each datagram in <see cref="Buffer"/>.</summary>
    public int[] Ends { get; }

    public long[] ReceivedAtTicks { get; }

    public DatagramTransport[] Transports { get; }

    public int Count => Ends.Length;

    public int ByteCount => Count == 0 ? 0 : Ends[^1];

    public ReadOnlySpan<byte> Payload(int index)
    {
        var start = index == 0 ? 0 : Ends[index - 1];
        return Buffer.AsSpan(start, Ends[index] - start);
    }

    public DateTimeOffset ReceivedAt(int index) => new(ReceivedAtTicks[index], TimeSpan.Zero);
}
