using System.Net;
using System.Net.Sockets;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Ingest;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Receiver.Udp;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Tcp;

/// <summary>
/// Syslog over TCP on the same port number as the UDP receiver. Each connection has its own task and framer
/// (octet counting or newline framing, detected per connection), so a slow or half-open client blocks only
/// itself; the frames of each read go to the node's entity as one batch.
/// </summary>
public sealed class TcpSyslogListener : IDisposable
{
    private readonly ReceiverOptions _options;
    private readonly ReceiverCounters _counters;
    private readonly OutboxGate _gate;
    private readonly Action<string, DatagramBatch> _deliver;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<IPAddress, int> _perSource = [];
    private readonly NodeMapFile? _map;
    private readonly Admission.SourceAdmission? _admission;
    private readonly NodeQuota? _quota;
    private int _open;
    private int _disposed;
    private Task? _accepting;

    public TcpSyslogListener(
        ReceiverOptions options,
        ReceiverCounters counters,
        OutboxGate gate,
        Action<string, DatagramBatch> deliver,
        ILogger logger,
        TimeProvider time,
        int port,
        NodeMapFile? map = null,
        Admission.SourceAdmission? admission = null,
        NodeQuota? quota = null)
    {
        _admission = admission;
        _quota = quota;
        _map = map;
        _options = options;
        _counters = counters;
        _gate = gate;
        _deliver = deliver;
        _logger = logger;
        _time = time;
        _listener = new TcpListener(IPAddress.Parse(options.UdpBind), port);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        _listener.Start(backlog: 512);
        _accepting = AcceptLoop();
    }

    /// <summary>Idempotent: stopping the host and disposing it both come here.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                _logger.LogWarning(e, "TCP accept failed");
                continue;
            }

            var source = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            source = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
            if (_admission?.Admits(source) == false)
            {
                socket.Dispose(); // counted by source in ReceiverCounters.Refused
                continue;
            }

            if (!TryOpen(source))
            {
                _counters.TcpRefusedOne();
                _logger.LogWarning("Refused a syslog TCP connection from {Source}: connection limit reached", source);
                socket.Dispose();
                continue;
            }

            _counters.TcpAccepted();
            _ = Task.Run(() => Serve(socket, source));
        }
    }

    private bool TryOpen(IPAddress source)
    {
        lock (_perSource)
        {
            var fromSource = _perSource.GetValueOrDefault(source);
            if (_open >= _options.MaxTcpConnections || fromSource >= _options.MaxTcpConnectionsPerSource)
            {
                return false;
            }

            _perSource[source] = fromSource + 1;
            _open++;
            return true;
        }
    }

    private void Close(IPAddress source)
    {
        lock (_perSource)
        {
            _open--;
            if (--_perSource[source] == 0)
            {
                _perSource.Remove(source);
            }
        }
    }

    private async Task Serve(Socket socket, IPAddress source)
    {
        var node = new SourceNames(_map).NameOf(source);
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = _options.MaxFrameBytes });
        var buffer = new byte[64 * 1024];
        var batch = new DatagramBatchBuilder();
        try
        {
            using (socket)
            {
                while (!_stop.IsCancellationRequested)
                {
                    while (!_gate.HasRoom)
                    {
                        await Task.Delay(10, _stop.Token); // hold the sender (TCP backpressure) until acks free room
                    }

                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    idle.CancelAfter(_options.TcpIdleTimeout);
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, idle.Token);
                    var now = _time.GetUtcNow().UtcTicks;
                    if (read == 0)
                    {
                        framing.Flush(batch, (b, frame, flags) => Add(b, frame, flags, now));
                        Deliver(node, batch);
                        return;
                    }

                    framing.Append(buffer.AsSpan(0, read), batch, (b, frame, flags) => Add(b, frame, flags, now));
                    var (frames, bytes) = (batch.Count, batch.ByteCount);
                    Deliver(node, batch);
                    await _quota.Throttle(node, frames, bytes, _time, _stop.Token); // over quota: read later, lose nothing
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "Syslog TCP connection from {Source} closed", source);
        }
        finally
        {
            Close(source);
        }
    }

    // A cut frame is marked by its transport, so the entity can flag its line Truncated.
    private static void Add(DatagramBatchBuilder batch, ReadOnlySpan<byte> frame, LineFlags flags, long now) =>
        batch.Add(frame, now, (flags & LineFlags.Truncated) != 0 ? DatagramTransport.TcpFrameTruncated : DatagramTransport.TcpFrame);

    private void Deliver(string node, DatagramBatchBuilder batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var built = batch.Build();
        _counters.TcpFramed(built.Count, built.ByteCount);
        _gate.Add(built.ByteCount);
        _deliver(node, built);
    }
}
