using System.Net;
using System.Net.Sockets;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Ingest;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Udp;

/// <summary>
/// One UDP socket read on a dedicated thread with a pre-allocated buffer; datagrams are grouped per node and
/// handed over as batches (never one message per datagram).
/// </summary>
public sealed class UdpListener : IDisposable
{
    private const int MaxDatagram = 65536;

    private readonly ReceiverOptions _options;
    private readonly ReceiverCounters _counters;
    private readonly OutboxGate _gate;
    private readonly Action<string, DatagramBatch> _deliver;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly SourceNames _names;
    private readonly Admission.SourceAdmission? _admission;
    private readonly NodeQuota? _quota;
    private readonly Dictionary<string, DatagramBatchBuilder> _batches = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly DropEpisode _drops;
    private Thread? _thread;
    private int _stopped;

    public UdpListener(
        ReceiverOptions options,
        ReceiverCounters counters,
        OutboxGate gate,
        Action<string, DatagramBatch> deliver,
        ILogger logger,
        TimeProvider time,
        NodeMapFile? map = null,
        Admission.SourceAdmission? admission = null,
        NodeQuota? quota = null)
    {
        _admission = admission;
        _quota = quota;
        _names = new SourceNames(map);
        _options = options;
        _counters = counters;
        _gate = gate;
        _deliver = deliver;
        _logger = logger;
        _time = time;
        _drops = new DropEpisode(counters, logger, DropReason.OutboxFull);
        var bind = IPAddress.Parse(options.UdpBind);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        _socket.ReceiveBufferSize = options.UdpReceiveBufferBytes;
        _socket.Bind(new IPEndPoint(bind, options.UdpPort));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        ReceiveBufferBytes = _socket.ReceiveBufferSize;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The SO_RCVBUF the kernel really granted (Linux reports twice the usable size).</summary>
    public int ReceiveBufferBytes { get; }

    public void Start()
    {
        if (ReceiveBufferBytes < _options.UdpReceiveBufferBytes)
        {
            _logger.LogWarning(
                "UDP receive buffer is {Got} bytes, asked for {Asked}: raise net.core.rmem_max (sysctl -w net.core.rmem_max={Asked}) to absorb bursts",
                ReceiveBufferBytes, _options.UdpReceiveBufferBytes, _options.UdpReceiveBufferBytes);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"udp-{LocalEndPoint.Port}" };
        _thread.Start();
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>Idempotent: the host may dispose the service twice (as itself and as a hosted service).</summary>
    public void Dispose()
    {
        Stop();
        _socket.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        using var reader = MultiMessageReader.IsSupported ? new MultiMessageReader(_socket) : null;
        var buffer = reader is null ? GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true) : [];
        var address = new SocketAddress(_socket.AddressFamily);
        var windowTicks = _options.BatchWindow.Ticks;
        var pollMicros = (int)Math.Max(1000, _options.BatchWindow.Ticks / 10);
        var oldestPending = long.MaxValue;

        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var room = _gate.WaitForRoom(_options.MaxReadPause, _stop.Token);
                if (room == GateWait.Cancelled)
                {
                    break;
                }

                if (room == GateWait.Room)
                {
                    _drops.End();
                }

                // Sleep in the kernel until a datagram comes, waking in time to send batches that are due.
                var idleWait = oldestPending == long.MaxValue ? 200_000 : pollMicros;
                var gather = false;
                if (_socket.Poll(idleWait, SelectMode.SelectRead))
                {
                    // Drain what is queued (bounded) before looking at the clock for flushes again.
                    if (reader is not null)
                    {
                        gather = Drain(reader, address, ref room, ref oldestPending);
                    }
                    else
                    {
                        for (var i = 0; i < 256 && _socket.Available > 0; i++)
                        {
                            var length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                            Take(buffer.AsSpan(0, length), address, _time.GetUtcNow().UtcTicks, ref room, ref oldestPending);
                        }
                    }
                }

                var clock = _time.GetUtcNow().UtcTicks;
                if (clock - oldestPending >= windowTicks)
                {
                    oldestPending = FlushDue(clock, windowTicks);
                }

                if (gather)
                {
                    // Traffic is flowing but the queue is drained: let datagrams gather for a moment (well inside the
                    // batch window and the socket buffer) so each wake takes many, not one — most of this thread's
                    // cost was waking up once per datagram.
                    Thread.Sleep(1);
                }
            }
            catch (SocketException e)
            {
                // ICMP errors and the like: counted and logged, never fatal to the loop.
                _counters.UdpError();
                _logger.LogWarning(e, "UDP receive on {EndPoint} failed", LocalEndPoint);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }

        FlushDue(long.MaxValue, 0);
    }

    /// <summary>
    /// Takes up to 8 × <see cref="MultiMessageReader.Slots"/> queued datagrams; true when traffic flows but the queue
    /// ran dry (worth letting more gather before the next wake), false when nothing came or more is waiting.
    /// </summary>
    private bool Drain(MultiMessageReader reader, SocketAddress address, ref GateWait room, ref long oldestPending)
    {
        for (var round = 0; round < 8; round++)
        {
            var count = reader.Receive();
            var now = _time.GetUtcNow().UtcTicks;
            for (var i = 0; i < count; i++)
            {
                reader.SourceOf(i, address);
                Take(reader.Payload(i), address, now, ref room, ref oldestPending);
            }

            if (count < reader.Slots)
            {
                return count > 0 || round > 0;
            }
        }

        return false;
    }

    /// <summary>One datagram: admission, drop while the outbox is full, quota, then into its node's batch.</summary>
    private void Take(ReadOnlySpan<byte> payload, SocketAddress address, long now, ref GateWait room, ref long oldestPending)
    {
        if (_admission?.Admits(address) == false)
        {
            return; // counted by source in ReceiverCounters.Refused
        }

        _counters.Received(payload.Length);
        var node = _names.NameOf(address);
        if (room == GateWait.StillFull)
        {
            if (!_gate.HasRoom)
            {
                _drops.Drop(node, payload.Length);
                return;
            }

            room = GateWait.Room; // acks came while we polled: keep this one
            _drops.End();
        }

        if (!_quota.Admit(node, payload.Length, now, _logger))
        {
            return; // over the node's quota: counted there
        }

        if (!_batches.TryGetValue(node, out var batch))
        {
            batch = new DatagramBatchBuilder();
            _batches[node] = batch;
        }

        if (batch.Count == 0)
        {
            oldestPending = Math.Min(oldestPending, now);
        }

        batch.Add(payload, now, DatagramTransport.Udp);
        if (batch.Count >= _options.MaxBatchDatagrams || batch.ByteCount >= _options.MaxBatchBytes)
        {
            Deliver(node, batch);
        }
    }

    private long FlushDue(long now, long windowTicks)
    {
        var oldest = long.MaxValue;
        foreach (var (node, batch) in _batches)
        {
            if (batch.Count == 0)
            {
                continue;
            }

            if (now - batch.FirstTicks >= windowTicks)
            {
                Deliver(node, batch);
            }
            else
            {
                oldest = Math.Min(oldest, batch.FirstTicks);
            }
        }

        return oldest;
    }

    private void Deliver(string node, DatagramBatchBuilder builder)
    {
        var batch = builder.Build();
        _gate.Add(batch.ByteCount);
        _deliver(node, batch);
    }
}
