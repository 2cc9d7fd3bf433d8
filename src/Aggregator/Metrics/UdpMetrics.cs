using KrgLogs.Receiver;
using KrgLogs.Receiver.Udp;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// The UDP socket block of <c>/metrics</c>: what never reached the receiver (the kernel's drops at its full receive
/// buffer) and the socket's read errors. Appended to <see cref="MetricsPage"/> (no family repeats).
/// </summary>
public static class UdpMetrics
{
    public static string Render(ReceiverCounters receiver)
    {
        var text = new PrometheusText();
        if (receiver.UdpPort > 0)
        {
            text.Counter(
                "krglogs_receiver_kernel_dropped_datagrams_total",
                "Datagrams the kernel dropped at this receiver's UDP socket because its receive buffer was full (while reading was held back for a full outbox, or reading fell behind): sent, never received. From /proc/net/udp.",
                UdpKernelDrops.Read(receiver.UdpPort));
        }

        text.Counter("krglogs_receiver_udp_errors_total", "Errors the UDP socket reported on a read (ICMP errors and the like): logged, never fatal.", receiver.UdpErrors);
        return text.ToString();
    }
}
