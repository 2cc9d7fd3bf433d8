using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Receiver.Tcp;
using KrgLogs.Receiver.Udp;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver;

/// <summary>Runs the receiver's sockets (UDP, and syslog over TCP on the same port number) for the life of the host.</summary>
public sealed class ReceiverSocketsService(
    ReceiverOptions options,
    ReceiverCounters counters,
    OutboxGate gate,
    IRequiredActor<BatchForwarder> forwarder,
    ILogger<ReceiverSocketsService> logger,
    TimeProvider time,
    NodeMapFile map,
    Admission.SourceAdmission admission,
    NodeQuota quota) : IHostedService, IDisposable
{
    private UdpListener? _udp;
    private TcpSyslogListener? _tcp;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var target = await forwarder.GetAsync(cancellationToken);
        void Deliver(string node, DatagramBatch batch) => target.Tell(new ForwardBatch(node, batch));

        _udp = new UdpListener(options, counters, gate, Deliver, logger, time, map, admission, quota);
        _udp.Start();
        var port = _udp.LocalEndPoint.Port;
        counters.UdpPort = port;
        if (options.TcpEnabled)
        {
            _tcp = new TcpSyslogListener(options, counters, gate, Deliver, logger, time, port, map, admission, quota);
            _tcp.Start();
        }

        logger.LogInformation(
            "Receiving netconsole and syslog on udp://{EndPoint}{Tcp} (UDP receive buffer {Bytes} bytes)",
            _udp.LocalEndPoint,
            _tcp is null ? string.Empty : " and syslog on tcp://" + _tcp.LocalEndPoint,
            _udp.ReceiveBufferBytes);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tcp?.Dispose();
        _udp?.Stop();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tcp?.Dispose();
        _udp?.Dispose();
    }
}
