using Akka.Actor;
using Akka.Hosting;
using KrgLogs.Receiver.Forwarding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Udp;

/// <summary>Runs the UDP socket loop for the life of the host, feeding the batch forwarder.</summary>
public sealed class UdpReceiverService(
    ReceiverOptions options,
    ReceiverCounters counters,
    OutboxGate gate,
    IRequiredActor<BatchForwarder> forwarder,
    ILogger<UdpReceiverService> logger,
    TimeProvider time) : IHostedService, IDisposable
{
    private UdpListener? _listener;

    public UdpListener Listener => _listener ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var target = await forwarder.GetAsync(cancellationToken);
        _listener = new UdpListener(
            options,
            counters,
            gate,
            (node, batch) => target.Tell(new ForwardBatch(node, batch)),
            logger,
            time);
        _listener.Start();
        logger.LogInformation("Receiving netconsole and syslog on udp://{EndPoint} (receive buffer {Bytes} bytes)", _listener.LocalEndPoint, _listener.ReceiveBufferBytes);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener?.Dispose();
}
