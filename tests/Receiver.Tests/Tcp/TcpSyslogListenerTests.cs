using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Receiver.Tcp;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging;
using static KrgLogs.Receiver.Tests.Condition;

namespace KrgLogs.Receiver.Tests.Tcp;

/// <summary>
/// Syslog over TCP on real sockets on loopback, clients bound to their own 127.0.0.x source: both framings, and every
/// limit of the listener exceeded (connections per source and in all, idle time, frame size, outbox) with its counted
/// and logged outcome.
/// </summary>
public sealed class TcpSyslogListenerTests : IDisposable
{
    private readonly ConcurrentQueue<(string Node, DatagramBatch Batch)> _delivered = new();
    private readonly ReceiverCounters _counters = new();
    private readonly RecordingLogger _log = new();
    private readonly List<IDisposable> _owned = [];
    private OutboxGate? _gate;
    private TcpSyslogListener? _listener;

    private static ReceiverOptions Options => new() { UdpBind = "127.0.0.1", UdpPort = 0 };

    private TcpSyslogListener Start(ReceiverOptions options, long outboxBytes = 1 << 20)
    {
        _gate = new OutboxGate(outboxBytes, _counters);
        _listener = new TcpSyslogListener(options, _counters, _gate, (node, batch) => _delivered.Enqueue((node, batch)), _log, TimeProvider.System, port: 0);
        _listener.Start();
        return _listener;
    }

    private async Task<Socket> Connect(string source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(socket);
        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _listener!.LocalEndPoint.Port));
        return socket;
    }

    private async Task<Socket> Accepted(string source)
    {
        var before = _counters.TcpConnections;
        var socket = await Connect(source);
        await Until(() => _counters.TcpConnections == before + 1, $"the connection from {source} is accepted");
        return socket;
    }

    private static async Task Send(Socket socket, string text) => await socket.SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The frames delivered for a node, in order, with how they were marked.</summary>
    private List<(string Text, DatagramTransport Transport)> Frames(string node) =>
        [.. _delivered.Where(d => d.Node == node).SelectMany(d => Enumerable.Range(0, d.Batch.Count)
            .Select(i => (Encoding.UTF8.GetString(d.Batch.Payload(i)), d.Batch.Transports[i])))];

    private Task FramesArrive(string node, int count) => Until(() => Frames(node).Count >= count, $"{count} frames from {node}");

    /// <summary>The server closed the connection: the client reads end-of-stream (or a reset), within a deadline.</summary>
    private static async Task ClosedByServer(Socket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[16];
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // closed with unread data: a reset is a close too
        }
    }

    [Fact]
    public async Task Newline_and_octet_counted_frames_both_arrive_in_order_even_split_across_writes()
    {
        Start(Options);
        using var newline = await Accepted("127.0.0.2");
        using var octets = await Accepted("127.0.0.3");

        await Send(newline, "<13>Nov 27 08:00:00 n2 app: one\n<13>Nov 27 08:00:00 n2 app: tw");
        await Send(newline, "o\n\n<13>Nov 27 08:00:00 n2 app: three\n");
        var body = "<14>1 2026-11-27T08:00:00Z n3 app - - - one";
        var stream = Encoding.UTF8.GetBytes($"{body.Length} {body}{body.Length} {body.Replace("one", "two", StringComparison.Ordinal)}");
        foreach (var piece in stream.Chunk(7))
        {
            await octets.SendAsync(piece); // cut inside lengths and bodies
        }

        await FramesArrive("127.0.0.2", 3);
        await FramesArrive("127.0.0.3", 2);
        Assert.Equal(["one", "two", "three"], Frames("127.0.0.2").Select(f => f.Text[(f.Text.LastIndexOf(' ') + 1)..]));
        Assert.Equal([body, body.Replace("one", "two", StringComparison.Ordinal)], Frames("127.0.0.3").Select(f => f.Text));
        Assert.All(Frames("127.0.0.2").Concat(Frames("127.0.0.3")), f => Assert.Equal(DatagramTransport.TcpFrame, f.Transport));
        Assert.Equal(5, _counters.TcpFrames);
        Assert.Empty(_counters.Tcp.FrameFaults);
    }

    [Fact]
    public async Task A_connection_over_the_per_source_limit_is_closed_and_counted_by_source_while_other_sources_connect()
    {
        Start(Options with { MaxTcpConnectionsPerSource = 2 });
        using var first = await Accepted("127.0.0.4");
        using var second = await Accepted("127.0.0.4");

        using var third = await Connect("127.0.0.4");
        await Until(() => _counters.Tcp.RefusedOverPerSource == 1, "the third connection of 127.0.0.4 is refused");
        await ClosedByServer(third);
        using var neighbour = await Accepted("127.0.0.5"); // another source is not affected

        Assert.Equal(1, _counters.TcpRefused);
        Assert.Equal(0, _counters.Tcp.RefusedOverTotal);
        Assert.Equal([new("127.0.0.4", 1L)], _counters.Tcp.RefusedBySource.Snapshot());
        Assert.Equal(3, _counters.Tcp.Open);
        Assert.True(_log.Logged(LogLevel.Warning, "Refused a syslog TCP connection from 127.0.0.4: its per-source connection limit"));

        // The two connections that were let in still deliver.
        await Send(first, "<13>a: from first\n");
        await Send(second, "<13>a: from second\n");
        await FramesArrive("127.0.0.4", 2);
    }

    [Fact]
    public async Task A_connection_over_the_total_limit_is_closed_and_counted_and_a_freed_slot_is_taken_again()
    {
        Start(Options with { MaxTcpConnections = 2 });
        var first = await Accepted("127.0.0.6");
        using var second = await Accepted("127.0.0.7");

        using var refused = await Connect("127.0.0.8");
        await ClosedByServer(refused); // the listener closes a refused connection after counting and logging it
        Assert.Equal(1, _counters.Tcp.RefusedOverTotal);
        Assert.Equal([new("127.0.0.8", 1L)], _counters.Tcp.RefusedBySource.Snapshot());
        Assert.True(_log.Logged(LogLevel.Warning, "Refused a syslog TCP connection from 127.0.0.8: the total connection limit"));

        first.Dispose();
        await Until(() => _counters.Tcp.Open == 1, "the first connection's slot is freed");
        using var again = await Accepted("127.0.0.8");
        await Send(again, "<13>a: let in once there was room\n");
        await FramesArrive("127.0.0.8", 1);
        Assert.Equal(1, _counters.TcpRefused);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_and_counted_its_last_message_kept_while_an_active_one_stays()
    {
        Start(Options with { TcpIdleTimeout = TimeSpan.FromSeconds(2) });
        using var idle = await Accepted("127.0.0.9");
        using var active = await Accepted("127.0.0.10");
        await Send(idle, "<13>a: last words without a newline");

        // The active sender keeps talking (bounded in count and time) until the idle one has been closed.
        for (var i = 0; i < 400 && _counters.Tcp.IdleClosed == 0; i++)
        {
            await Send(active, $"<13>a: tick {i}\n");
            await Task.Delay(100);
        }

        Assert.Equal(1, _counters.Tcp.IdleClosed);
        await ClosedByServer(idle);
        await FramesArrive("127.0.0.9", 1);
        Assert.Equal("<13>a: last words without a newline", Assert.Single(Frames("127.0.0.9")).Text);

        var sent = Frames("127.0.0.10").Count;
        await Send(active, "<13>a: still here\n");
        await Until(() => Frames("127.0.0.10").Any(f => f.Text.EndsWith("still here", StringComparison.Ordinal)), "the active connection still delivers");
        Assert.Equal(1, _counters.Tcp.IdleClosed);
        await Until(() => _counters.Tcp.Open == 1, "only the active connection is open");
        Assert.True(sent > 0);
        Assert.True(_log.Logged(LogLevel.Information, "Closed the syslog TCP connection from 127.0.0.9: nothing received"));
    }

    [Fact]
    public async Task An_oversized_newline_frame_is_cut_flagged_and_counted_and_the_next_frames_still_arrive()
    {
        Start(Options with { MaxFrameBytes = 100 });
        using var client = await Accepted("127.0.0.11");
        var huge = "<13>a: " + new string('x', 293); // 300 bytes
        await Send(client, huge[..150]);
        await Send(client, huge[150..] + "\n<13>a: after\n");

        await FramesArrive("127.0.0.11", 2);
        var frames = Frames("127.0.0.11");
        Assert.Equal((huge[..100], DatagramTransport.TcpFrameTruncated), frames[0]);
        Assert.Equal(("<13>a: after", DatagramTransport.TcpFrame), frames[1]);
        Assert.Equal([("127.0.0.11", TcpFrameFault.Oversized, 1L, 200L)], _counters.Tcp.FrameFaults);
        Assert.True(_log.Logged(LogLevel.Warning, "a frame over 100 bytes (MaxFrameBytes) was cut"));
    }

    [Fact]
    public async Task Octet_counted_frames_over_the_limit_and_garbage_lengths_are_counted_and_the_stream_stays_in_step()
    {
        Start(Options with { MaxFrameBytes = 100 });
        using var client = await Accepted("127.0.0.12");
        var big = "<13>a: " + new string('y', 243); // 250 bytes
        await Send(client, $"250 {big}10 <13>a: ok1");
        await FramesArrive("127.0.0.12", 2);
        await Send(client, "xx junk that is no length\n7 <13>a:z");

        await FramesArrive("127.0.0.12", 3);
        var frames = Frames("127.0.0.12");
        Assert.Equal(
            [(big[..100], DatagramTransport.TcpFrameTruncated), ("<13>a: ok1", DatagramTransport.TcpFrame), ("<13>a:z", DatagramTransport.TcpFrame)],
            frames);
        var faults = _counters.Tcp.FrameFaults.OrderBy(f => f.Fault, StringComparer.Ordinal).ToList();
        Assert.Equal([("127.0.0.12", TcpFrameFault.GarbageLength, 1L, 26L), ("127.0.0.12", TcpFrameFault.Oversized, 1L, 150L)], faults);

        // Cut off inside a frame: what came is kept, marked, and counted as incomplete.
        await Send(client, "50 <13>a: half");
        client.Shutdown(SocketShutdown.Send);
        await FramesArrive("127.0.0.12", 4);
        Assert.Equal(("<13>a: half", DatagramTransport.TcpFrameTruncated), Frames("127.0.0.12")[3]);
        await Until(() => _counters.Tcp.FrameFaults.Any(f => f.Fault == TcpFrameFault.Incomplete), "the incomplete frame is counted");
        await Until(() => _log.Logged(LogLevel.Warning, "1 incomplete"), "the connection's faults are summed up in the log when it ends");
    }

    [Fact]
    public async Task A_full_outbox_holds_the_connection_and_loses_nothing()
    {
        Start(Options, outboxBytes: 4);
        using var client = await Accepted("127.0.0.13");
        await Send(client, "<13>a: fills the outbox\n");
        await Until(() => !_gate!.HasRoom && _counters.ReadPauses == 1, "the outbox is full and the connection stops reading");
        var held = new[] { "<13>a: held 1\n", "<13>a: held 2\n", "<13>a: held 3\n" };
        foreach (var text in held)
        {
            await Send(client, text);
        }

        Assert.Single(Frames("127.0.0.13")); // not read while the outbox is full: the sender waits (TCP backpressure)
        await Until(
            () =>
            {
                _gate!.Remove(_counters.OutboxBytes); // the entities ack whatever comes
                return Frames("127.0.0.13").Count == 4;
            },
            "the held frames arrive once there is room");
        Assert.Equal(["held 1", "held 2", "held 3"], Frames("127.0.0.13").Skip(1).Select(f => f.Text[7..]));
        Assert.Empty(_counters.Drops);
    }

    public void Dispose()
    {
        _owned.ForEach(s => s.Dispose());
        _listener?.Dispose();
        _gate?.Dispose();
    }
}
