using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Receiver.Tests.Forwarding;

public sealed class NodeOutboxTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static DatagramBatch Bytes(int count)
    {
        var builder = new DatagramBatchBuilder();
        builder.Add(new byte[count], T0.UtcTicks, DatagramTransport.Udp);
        return builder.Build();
    }

    [Fact]
    public void Batches_are_numbered_from_one_and_only_a_window_is_in_flight()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 2, TimeSpan.FromSeconds(3));

        var sent = Enumerable.Range(0, 4).Select(_ => outbox.Enqueue(Bytes(10), T0)).ToList();

        Assert.Equal([1L, 2L], sent.Where(b => b is not null).Select(b => b!.Seq));
        Assert.Null(sent[2]);
        Assert.Equal(4, outbox.Count);
        Assert.Equal(40, outbox.Bytes);
    }

    [Fact]
    public void A_cumulative_ack_frees_bytes_and_lets_what_waited_out_as_one_batch()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 2, TimeSpan.FromSeconds(3));
        for (var i = 0; i < 5; i++)
        {
            outbox.Enqueue(Bytes(10), T0);
        }

        var next = new List<NodeBatch>();
        var freed = outbox.Ack(2, T0, next);

        Assert.Equal(20, freed);
        var merged = Assert.Single(next);
        Assert.Equal(3L, merged.Seq);
        Assert.Equal(3, merged.Datagrams.Count);
        Assert.Equal(30, merged.Datagrams.ByteCount);
        Assert.Equal(1, outbox.Count);
        Assert.Equal(30, outbox.Bytes);
        Assert.Equal(2, outbox.Acked);

        next.Clear();
        Assert.Equal(0, outbox.Ack(2, T0, next)); // a repeated ack changes nothing
        Assert.Empty(next);
    }

    [Fact]
    public void Merged_batches_keep_every_datagram_in_order_within_the_size_limits()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 1, TimeSpan.FromSeconds(3), maxBatchDatagrams: 3, maxBatchBytes: 500);
        var sent = new List<NodeBatch>();
        for (var i = 0; i < 8; i++)
        {
            var builder = new DatagramBatchBuilder();
            builder.Add([(byte)i, (byte)i], T0.UtcTicks + i, DatagramTransport.Udp);
            if (i == 5)
            {
                builder.Add(new byte[600], T0.UtcTicks + i, DatagramTransport.TcpFrame);
            }

            if (outbox.Enqueue(builder.Build(), T0) is { } now)
            {
                sent.Add(now);
            }
        }

        // Acked one at a time: 0 went at once; 1-3 fill 3 datagrams; 4 and 5 would be 604 bytes, so 4 alone; 5 is
        // over the byte limit by itself (two datagrams, 602 bytes) and still goes, alone; then 6 and 7.
        for (var seq = 1L; seq <= 5; seq++)
        {
            outbox.Ack(seq, T0, sent);
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L], sent.Select(b => b.Seq));
        Assert.Equal([1, 3, 1, 2, 2], sent.Select(b => b.Datagrams.Count));
        var payloads = sent.SelectMany(b => Enumerable.Range(0, b.Datagrams.Count).Select(i => (b.Datagrams.Payload(i).ToArray(), b.Datagrams.ReceivedAtTicks[i], b.Datagrams.Transports[i]))).ToList();
        Assert.Equal(9, payloads.Count);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 5, 6, 7 }.Select(i => T0.UtcTicks + i), payloads.Select(p => p.Item2));
        Assert.Equal(600, payloads[6].Item1.Length);
        Assert.Equal(DatagramTransport.TcpFrame, payloads[6].Item3);
        Assert.Equal([7, 7], payloads[8].Item1);
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Bytes);
    }

    [Fact]
    public void Without_an_ack_the_whole_window_is_resent_after_the_timeout_and_not_before()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 3, TimeSpan.FromSeconds(3));
        for (var i = 0; i < 5; i++)
        {
            outbox.Enqueue(Bytes(10), T0);
        }

        var resend = new List<NodeBatch>();
        outbox.CollectResends(T0.AddSeconds(2), resend);
        Assert.Empty(resend);

        outbox.CollectResends(T0.AddSeconds(3), resend);
        Assert.Equal([1L, 2L, 3L], resend.Select(b => b.Seq));

        resend.Clear();
        outbox.CollectResends(T0.AddSeconds(4), resend);
        Assert.Empty(resend); // the timer restarted at the resend
    }

    [Fact]
    public void Resends_without_an_ack_back_off_to_four_times_the_timeout_and_an_ack_resets_the_wait()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 2, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 4; i++)
        {
            outbox.Enqueue(Bytes(10), T0);
        }

        // Resend times with no ack: +1 s, then waits of 2 s, 4 s, 4 s.
        var at = new List<double>();
        for (var tenths = 1; tenths <= 150; tenths++)
        {
            var resend = new List<NodeBatch>();
            outbox.CollectResends(T0.AddSeconds(tenths / 10.0), resend);
            if (resend.Count > 0)
            {
                at.Add(tenths / 10.0);
            }
        }

        Assert.Equal([1.0, 3.0, 7.0, 11.0, 15.0], at);

        outbox.Ack(1, T0.AddSeconds(15.5), []);
        var again = new List<NodeBatch>();
        outbox.CollectResends(T0.AddSeconds(16.4), again);
        Assert.Empty(again);
        outbox.CollectResends(T0.AddSeconds(16.5), again);
        Assert.Equal([2L, 3L], again.Select(b => b.Seq));
    }

    [Fact]
    public void An_empty_outbox_never_resends()
    {
        var outbox = new NodeOutbox("n1", "r/1", window: 3, TimeSpan.FromSeconds(1));
        outbox.Enqueue(Bytes(1), T0);
        outbox.Ack(1, T0, []);

        var resend = new List<NodeBatch>();
        outbox.CollectResends(T0.AddHours(1), resend);
        Assert.Empty(resend);
    }
}
