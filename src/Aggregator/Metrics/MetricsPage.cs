using KrgLogs.Receiver;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// What <c>/metrics</c> shows, composed from plain values: this aggregator's receiver, every node's entity (the same
/// answer from any aggregator of the cluster), the scrape's own shortfalls, and the process.
/// </summary>
public static class MetricsPage
{
    private static readonly (string, string)[] NoLabels = [];

    public static string Render(ReceiverCounters receiver, NodeScrape nodes, (long OverCap, long TimedOut) skippedTotals, DateTimeOffset now, ProcessFacts process, NodeQuota? quota = null)
    {
        var text = new PrometheusText();
        AddReceiver(text, receiver);
        AddRefusedSources(text, receiver.Refused);
        AddQuota(text, quota);
        AddNodes(text, nodes, now);
        text.Gauge("krglogs_nodes_known", "Nodes in the journal at this scrape.", nodes.Known);
        text.Gauge("krglogs_metrics_scrape_nodes_skipped", "Nodes left out of this scrape, by reason (cap: over Metrics:MaxNodes; timeout: entity did not answer in time).", nodes.SkippedOverCap, ("reason", "cap"));
        text.Gauge("krglogs_metrics_scrape_nodes_skipped", string.Empty, nodes.SkippedTimedOut, ("reason", "timeout"));
        text.Counter("krglogs_metrics_nodes_skipped_total", "Nodes left out of scrapes since this aggregator started, by reason.", skippedTotals.OverCap, ("reason", "cap"));
        text.Counter("krglogs_metrics_nodes_skipped_total", string.Empty, skippedTotals.TimedOut, ("reason", "timeout"));
        text.Gauge("krglogs_process_uptime_seconds", "Seconds since this aggregator process started.", Math.Round(process.Uptime.TotalSeconds, 3));
        text.Gauge("krglogs_process_gc_heap_bytes", "Bytes on the managed heap (GC.GetTotalMemory).", process.GcHeapBytes);
        text.Gauge("krglogs_process_working_set_bytes", "Resident memory of this process.", process.WorkingSetBytes);
        return text.ToString();
    }

    private static void AddReceiver(PrometheusText text, ReceiverCounters r)
    {
        text.Counter("krglogs_receiver_datagrams_total", "UDP datagrams received by this aggregator's receiver.", r.Datagrams, NoLabels);
        text.Counter("krglogs_receiver_bytes_total", "Bytes received (UDP datagrams and TCP frames).", r.Bytes, NoLabels);
        text.Counter("krglogs_receiver_batches_sent_total", "Batches forwarded to node entities (first tries).", r.BatchesSent, NoLabels);
        text.Counter("krglogs_receiver_batches_resent_total", "Batches forwarded again because no acknowledgement came in time.", r.BatchesResent, NoLabels);
        text.Counter("krglogs_receiver_batches_acked_total", "Batches the entities acknowledged as persisted.", r.BatchesAcked, NoLabels);
        text.Gauge("krglogs_receiver_outbox_bytes", "Bytes accepted from the network and not yet persisted.", r.OutboxBytes, NoLabels);
        text.Counter("krglogs_receiver_read_pauses_total", "Times the socket loop stopped reading because the outbox was full.", r.ReadPauses, NoLabels);
        text.Counter("krglogs_receiver_tcp_connections_total", "TCP syslog connections accepted.", r.TcpConnections, NoLabels);
        text.Counter("krglogs_receiver_tcp_refused_total", "TCP syslog connections closed at once because a connection limit was reached.", r.TcpRefused, NoLabels);
        text.Counter("krglogs_receiver_tcp_frames_total", "TCP syslog frames received.", r.TcpFrames, NoLabels);
        AddReceiverDrops(text, r);
    }

    // Cluster/delivery block: what the receiver gave up on, per node and reason.
    private static void AddReceiverDrops(PrometheusText text, ReceiverCounters r)
    {
        var help = "Datagrams this aggregator's receiver dropped, by node and reason (outbox_full: held longer than MaxReadPause; unacked_at_stop).";
        var bytesHelp = "Bytes of the datagrams counted in krglogs_receiver_dropped_datagrams_total.";
        foreach (var (node, reason, datagrams, bytes) in r.Drops.OrderBy(d => d.Node, StringComparer.Ordinal).ThenBy(d => d.Reason, StringComparer.Ordinal))
        {
            text.Counter("krglogs_receiver_dropped_datagrams_total", help, datagrams, ("node", node), ("reason", reason));
            text.Counter("krglogs_receiver_dropped_bytes_total", bytesHelp, bytes, ("node", node), ("reason", reason));
            help = bytesHelp = string.Empty;
        }
    }

    // ---- Per-node quota (limits, faults and retention) ----
    private static void AddQuota(PrometheusText text, NodeQuota? quota)
    {
        if (quota is null)
        {
            return;
        }

        text.Counter("krglogs_receiver_quota_dropped_lines_total", "Datagrams dropped by this receiver before batching because their node was over its quota.", quota.DroppedLines, NoLabels);
        text.Counter("krglogs_receiver_quota_dropped_bytes_total", "Bytes dropped by this receiver before batching because their node was over its quota.", quota.DroppedBytes, NoLabels);
        text.Counter("krglogs_receiver_quota_untracked_total", "Datagrams let through unmetered because the quota table was full of busy nodes.", quota.Untracked, NoLabels);
        text.Gauge("krglogs_receiver_quota_nodes_tracked", "Nodes with a quota bucket right now.", quota.TrackedNodes, NoLabels);
        foreach (var drops in quota.Drops())
        {
            var node = ("node", drops.Node);
            text.Counter("krglogs_node_dropped_lines_total", "Datagrams of the node dropped by this receiver, by reason (quota: over its lines/s or bytes/s).", drops.Lines, node, ("reason", "quota"));
            text.Counter("krglogs_node_dropped_bytes_total", "Bytes of the node dropped by this receiver, by reason.", drops.Bytes, node, ("reason", "quota"));
        }
    }

    // ---- end of per-node quota ----
    private static void AddNodes(PrometheusText text, NodeScrape nodes, DateTimeOffset now)
    {
        foreach (var status in nodes.Statuses.OrderBy(s => s.Node, StringComparer.Ordinal))
        {
            var node = ("node", status.Node);
            text.Counter("krglogs_node_lines_total", "Lines stored for the node.", status.LineCount, node);
            text.Counter("krglogs_node_crashes_total", "Crash reports detected for the node.", status.CrashCount, node);
            text.Gauge("krglogs_node_last_seen_age_seconds", "Seconds since the node last sent anything.", Math.Max(0, Math.Round((now - status.LastSeen).TotalSeconds, 3)), node);
            foreach (var (counter, value) in status.Counters)
            {
                var (family, reason) = NodeCounterNames.ToMetric(counter);
                if (reason is null)
                {
                    text.Counter(family, $"Node input counter {counter}, from the node's entity.", value, node);
                }
                else
                {
                    text.Counter(family, $"Malformed {counter.Split('.')[0]} input from the node, by reason.", value, node, ("reason", reason));
                }
            }
        }
    }

    // --- Security: traffic dropped by the source allow-list (--allow), by source (bounded; later ones are "other").
    private static void AddRefusedSources(PrometheusText text, KrgLogs.Shared.Ingest.RefusedSources refused)
    {
        var help = "Datagrams and TCP connections dropped because their source is outside the allow-list (--allow), by source; sources beyond the first 64 are counted as \"other\".";
        var sources = refused.Snapshot();
        if (sources.Count == 0)
        {
            text.Counter("krglogs_receiver_refused_total", help, 0, NoLabels);
        }

        foreach (var (source, count) in sources)
        {
            text.Counter("krglogs_receiver_refused_total", help, count, ("source", source));
        }
    }
}
