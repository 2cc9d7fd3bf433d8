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

    /// <summary>The datagrams of <paramref name="batches"/> in order, as one batch (one buffer copy).</summary>
    public static DatagramBatch Concat(IReadOnlyList<DatagramBatch> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        var count = batches.Sum(b => b.Count);
        var buffer = new byte[batches.Sum(b => b.ByteCount)];
        var ends = new int[count];
        var ticks = new long[count];
        var transports = new DatagramTransport[count];
        int offset = 0, at = 0;
        foreach (var batch in batches)
        {
            batch.Buffer.AsSpan(0, batch.ByteCount).CopyTo(buffer.AsSpan(offset));
            for (var i = 0; i < batch.Count; i++, at++)
            {
                ends[at] = offset + batch.Ends[i];
                ticks[at] = batch.ReceivedAtTicks[i];
                transports[at] = batch.Transports[i];
            }

            offset += batch.ByteCount;
        }

        return new DatagramBatch(buffer, ends, ticks, transports);
    }
}
