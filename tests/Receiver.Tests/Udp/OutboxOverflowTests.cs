using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Receiver.Udp;
using Microsoft.Extensions.Logging.Abstractions;
using static KrgLogs.Receiver.Tests.Condition;

namespace KrgLogs.Receiver.Tests.Udp;

/// <summary>A full outbox on a real UDP socket: the loop holds, then drops what it reads, counted per node and reason.</summary>
public sealed class OutboxOverflowTests : IDisposable
{
    private readonly ConcurrentQueue<(string Node, DatagramBatch Batch)> _delivered = new();
    private readonly ReceiverCounters _counters = new();
    private readonly OutboxGate _gate;
    private readonly UdpListener _listener;

    public OutboxOverflowTests()
    {
        _gate = new OutboxGate(maxBytes: 4, _counters);
        var options = new ReceiverOptions
        {
            UdpBind = "127.0.0.1",
            UdpPort = 0,
            BatchWindow = TimeSpan.FromMilliseconds(5),
            MaxReadPause = TimeSpan.FromMilliseconds(300),
        };
        _listener = new UdpListener(options, _counters, _gate, (node, batch) => _delivered.Enqueue((node, batch)), NullLogger.Instance, TimeProvider.System);
        _listener.Start();
    }

    private async Task SendFrom(string source, string text)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await client.SendAsync(Encoding.UTF8.GetBytes(text), new IPEndPoint(IPAddress.Loopback, _listener.LocalEndPoint.Port));
    }

    [Fact]
    public async Task Past_the_longest_pause_datagrams_are_dropped_and_counted_per_node_then_room_ends_it()
    {
        await SendFrom("127.0.0.2", "fills the outbox\n");
        await Until(() => !_delivered.IsEmpty && !_gate.HasRoom, "the first batch fills the outbox");
        await Until(() => _counters.ReadPauses >= 1, "the loop stops reading");

        for (var i = 0; i < 5; i++)
        {
            await SendFrom("127.0.0.3", $"c{i}\n");
        }

        for (var i = 0; i < 3; i++)
        {
            await SendFrom("127.0.0.4", $"dd{i}\n");
        }

        await Until(() => _counters.Drops.Sum(d => d.Datagrams) == 8, "8 datagrams dropped");
        var drops = _counters.Drops.OrderBy(d => d.Node, StringComparer.Ordinal).ToList();
        Assert.Equal([("127.0.0.3", DropReason.OutboxFull, 5L, 15L), ("127.0.0.4", DropReason.OutboxFull, 3L, 12L)], drops);
        Assert.Single(_delivered); // what the outbox held is kept, nothing of the dropped went on

        _gate.Remove(_counters.OutboxBytes); // the entity acked: room again
        await SendFrom("127.0.0.3", "after\n");
        await Until(() => _delivered.Count == 2, "reading resumes once there is room");
        Assert.Equal(8, _counters.Drops.Sum(d => d.Datagrams));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _gate.Dispose();
    }
}
