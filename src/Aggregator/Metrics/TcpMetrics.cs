using KrgLogs.Receiver.Tcp;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// The TCP-limits block of <c>/metrics</c>: what the syslog TCP listener's connection, idle and frame limits did.
/// Rendered apart from <see cref="MetricsPage"/> and appended to it (no family repeats).
/// </summary>
public static class TcpMetrics
{
    public static string Render(TcpCounters tcp)
    {
        var text = new PrometheusText();
        text.Gauge("krglogs_receiver_tcp_connections_open", "Syslog TCP connections open now.", tcp.Open);
        text.Counter("krglogs_receiver_tcp_refused_by_limit_total", "TCP connections closed at once, by the limit reached (total: MaxTcpConnections; per_source: MaxTcpConnectionsPerSource).", tcp.RefusedOverTotal, ("limit", "total"));
        text.Counter("krglogs_receiver_tcp_refused_by_limit_total", string.Empty, tcp.RefusedOverPerSource, ("limit", "per_source"));
        var help = "TCP connections closed at once by a connection limit, by source address (sources beyond the first 64 are \"other\").";
        foreach (var (source, count) in tcp.RefusedBySource.Snapshot())
        {
            text.Counter("krglogs_receiver_tcp_refused_by_source_total", help, count, ("source", source));
        }

        text.Counter("krglogs_receiver_tcp_idle_closed_total", "TCP connections closed after sending nothing for TcpIdleTimeout (what they held was kept).", tcp.IdleClosed);
        var faultHelp = "TCP syslog framing faults by node (oversized: cut at MaxFrameBytes and flagged truncated; garbage_length: an unbelievable octet count, bytes skipped to the next frame; incomplete: connection ended inside a frame).";
        var bytesHelp = "Bytes thrown away by the TCP framer, by node and fault (the tails of oversized frames, the junk skipped after a garbage length).";
        foreach (var (node, fault, count, discarded) in tcp.FrameFaults.OrderBy(f => f.Node, StringComparer.Ordinal).ThenBy(f => f.Fault, StringComparer.Ordinal))
        {
            text.Counter("krglogs_receiver_tcp_frame_faults_total", faultHelp, count, ("node", node), ("fault", fault));
            text.Counter("krglogs_receiver_tcp_discarded_bytes_total", bytesHelp, discarded, ("node", node), ("fault", fault));
        }

        return text.ToString();
    }
}
