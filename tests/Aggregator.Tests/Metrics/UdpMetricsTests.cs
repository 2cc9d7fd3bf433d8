using KrgLogs.Aggregator.Metrics;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class UdpMetricsTests
{
    [Fact]
    public void Kernel_drops_show_once_the_receiver_is_bound_and_socket_errors_always()
    {
        var counters = new ReceiverCounters();
        counters.UdpError();

        var unbound = UdpMetrics.Render(counters);
        counters.UdpPort = 1; // nothing is bound there: 0 drops, but the family is there
        var bound = UdpMetrics.Render(counters);

        Assert.DoesNotContain("krglogs_receiver_kernel_dropped_datagrams_total", unbound, StringComparison.Ordinal);
        Assert.Contains("krglogs_receiver_udp_errors_total 1\n", unbound, StringComparison.Ordinal);
        Assert.Contains("krglogs_receiver_kernel_dropped_datagrams_total 0\n", bound, StringComparison.Ordinal);
        Assert.Contains("# TYPE krglogs_receiver_kernel_dropped_datagrams_total counter\n", bound, StringComparison.Ordinal);
    }
}
