using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Receiver.Udp;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Receiver.Tests.Udp;

/// <summary>The socket loop on a real UDP socket on loopback, sending from several source addresses.</summary>
public sealed class UdpListenerTests : IDisposable
{
    private readonly ConcurrentQueue<(string Node, DatagramBatch Batch)> _delivered = new();
    private readonly ReceiverCounters _counters = new();
    private readonly OutboxGate _gate;
    private readonly UdpListener _listener;

    public UdpListenerTests()
    {
        _gate = new OutboxGate(1 << 20, _counters);
        var options = new ReceiverOptions { UdpBind = "127.0.0.1", UdpPort = 0, MaxBatchDatagrams = 3, BatchWindow = TimeSpan.FromMilliseconds(20) };
        _listener = new UdpListener(options, _counters, _gate, (node, batch) => _delivered.Enqueue((node, batch)), NullLogger.Instance, TimeProvider.System);
        _listener.Start();
    }

    private async Task SendFrom(string source, string text)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await client.SendAsync(Encoding.UTF8.GetBytes(text), new IPEndPoint(IPAddress.Loopback, _listener.LocalEndPoint.Port));
    }

    private async Task<List<(string Node, DatagramBatch Batch)>> WaitForDatagrams(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_delivered.Sum(d => d.Batch.Count) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return [.. _delivered];
    }

    [Fact]
    public async Task Datagrams_are_grouped_per_source_address_in_arrival_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await SendFrom("127.0.0.2", $"a{i}\n");
            await SendFrom("127.0.0.3", $"b{i}\n");
        }

        var batches = await WaitForDatagrams(10);

        Assert.Equal(["127.0.0.2", "127.0.0.3"], batches.Select(b => b.Node).Distinct().Order());
        foreach (var node in new[] { ("127.0.0.2", "a"), ("127.0.0.3", "b") })
        {
            var payloads = batches.Where(b => b.Node == node.Item1)
                .SelectMany(b => Enumerable.Range(0, b.Batch.Count).Select(i => Encoding.UTF8.GetString(b.Batch.Payload(i))));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{node.Item2}{i}\n"), payloads);
        }

        Assert.All(batches, b => Assert.InRange(b.Batch.Count, 1, 3));
        Assert.Equal(10, _counters.Datagrams);
        Assert.Equal(batches.Sum(b => (long)b.Batch.ByteCount), _counters.OutboxBytes);
    }

    [Fact]
    public async Task A_lone_datagram_is_delivered_by_the_batch_window_and_a_large_one_is_not_truncated()
    {
        var large = new string('x', 60000) + "\n";
        await SendFrom("127.0.0.4", large);

        var batch = Assert.Single(await WaitForDatagrams(1));
        Assert.Equal(large, Encoding.UTF8.GetString(batch.Batch.Payload(0)));
        Assert.True(batch.Batch.ReceivedAt(0) <= DateTimeOffset.UtcNow);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _gate.Dispose();
    }
}
