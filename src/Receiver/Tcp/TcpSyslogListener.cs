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
    /// <summary>Refusals of sources already named in the log are summed up at most this often.</summary>
    public static readonly TimeSpan RefusalLogEvery = TimeSpan.FromSeconds(10);

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
    private long _nextRefusalLogTicks;
    private long _loggedRefusals;
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

            if (!TryOpen(source, out var overTotal))
            {
                Refuse(socket, source, overTotal);
                continue;
            }

            _counters.Tcp.Opened();
            _counters.TcpAccepted();
            _ = Task.Run(() => Serve(socket, source));
        }
    }

    private bool TryOpen(IPAddress source, out bool overTotal)
    {
        lock (_perSource)
        {
            var fromSource = _perSource.GetValueOrDefault(source);
            overTotal = _open >= _options.MaxTcpConnections;
            if (overTotal || fromSource >= _options.MaxTcpConnectionsPerSource)
            {
                return false;
            }

            _perSource[source] = fromSource + 1;
            _open++;
            return true;
        }
    }

    // Counted by limit and by source; logged at the first refusal of each source, then in a summary at most every
    // RefusalLogEvery, so a connection storm cannot flood the log.
    private void Refuse(Socket socket, IPAddress source, bool overTotal)
    {
        using var closing = socket; // closed last: whoever sees the close sees it counted and logged
        _counters.TcpRefusedOne();
        if (_counters.Tcp.Refused(source.ToString(), overTotal))
        {
            _logger.LogWarning(
                "Refused a syslog TCP connection from {Source}: {Limit} reached (MaxTcpConnections {Total}, MaxTcpConnectionsPerSource {PerSource}); counted by source in krglogs_receiver_tcp_refused_by_source_total",
                source,
                overTotal ? "the total connection limit" : "its per-source connection limit",
                _options.MaxTcpConnections,
                _options.MaxTcpConnectionsPerSource);
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        if (now >= _nextRefusalLogTicks)
        {
            _nextRefusalLogTicks = now + RefusalLogEvery.Ticks;
            var total = _counters.Tcp.RefusedBySource.Total;
            _logger.LogWarning(
                "Refused {Count} syslog TCP connections over the connection limits since the last report ({Total} in all; by source in /metrics)",
                total - _loggedRefusals,
                total);
            _loggedRefusals = total;
        }
    }

    private void Close(IPAddress source)
    {
        _counters.Tcp.Closed();
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
        var faults = new FrameFaultTally(framing, node, _counters.Tcp);
        var buffer = new byte[64 * 1024];
        var batch = new DatagramBatchBuilder();
        var ending = "closed by the sender";
        try
        {
            using (socket)
            {
                while (!_stop.IsCancellationRequested)
                {
                    if (!_gate.HasRoom)
                    {
                        _counters.ReadPaused();
                        while (!_gate.HasRoom)
                        {
                            await Task.Delay(10, _stop.Token); // hold the sender (TCP backpressure) until acks free room
                        }
                    }

                    int read;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                    {
                        idle.CancelAfter(_options.TcpIdleTimeout);
                        try
                        {
                            read = await socket.ReceiveAsync(buffer, SocketFlags.None, idle.Token);
                        }
                        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                        {
                            _counters.Tcp.ClosedIdle();
                            ending = $"idle for {_options.TcpIdleTimeout}";
                            _logger.LogInformation("Closed the syslog TCP connection from {Source}: nothing received for {Timeout} (TcpIdleTimeout)", source, _options.TcpIdleTimeout);
                            return;
                        }
                    }

                    if (read == 0)
                    {
                        return;
                    }

                    var now = _time.GetUtcNow().UtcTicks;
                    framing.Append(buffer.AsSpan(0, read), batch, (b, frame, flags) => Add(b, frame, flags, now));
                    if (faults.Update())
                    {
                        _logger.LogWarning(
                            "Syslog TCP connection from {Source} (node {Node}): a frame over {Max} bytes (MaxFrameBytes) was cut, or an octet count could not be believed; counted per node in krglogs_receiver_tcp_frame_faults_total",
                            source, node, _options.MaxFrameBytes);
                    }

                    var (frames, bytes) = (batch.Count, batch.ByteCount);
                    Deliver(node, batch);
                    await _quota.Throttle(node, frames, bytes, _time, _stop.Token); // over quota: read later, lose nothing
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            ending = e.Message;
            _logger.LogDebug(e, "Syslog TCP connection from {Source} closed", source);
        }
        finally
        {
            // What the framer holds (a last message without its LF, a cut octet frame) goes on whatever ended the connection.
            var now = _time.GetUtcNow().UtcTicks;
            framing.Flush(batch, (b, frame, flags) => Add(b, frame, flags, now));
            faults.Update();
            Deliver(node, batch);
            Close(source);
            if (faults.Faults > 0)
            {
                _logger.LogWarning(
                    "Syslog TCP connection from {Source} (node {Node}) ended ({Ending}) after {Frames} frames: {Oversized} cut at MaxFrameBytes, {Garbage} garbage octet counts, {Incomplete} incomplete, {Discarded} bytes discarded",
                    source, node, ending, framing.FrameCount, framing.OversizedFrames, framing.GarbageLengths, framing.IncompleteFrames, framing.DiscardedBytes);
            }
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
