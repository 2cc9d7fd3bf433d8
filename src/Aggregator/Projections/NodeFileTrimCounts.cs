using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// Retention trims this aggregator applied to its own copy of the per-node files, whichever aggregator hosts the
/// node: lock-free counters the files projection bumps and <c>/metrics</c> reads. In a cluster every aggregator's
/// counts rise together; one lagging behind means its copies keep lines the journal no longer holds.
/// </summary>
public static class NodeFileTrimCounts
{
    private static long _trims;
    private static long _lines;
    private static long _failures;

    public static void Applied(long droppedLines)
    {
        Interlocked.Increment(ref _trims);
        Interlocked.Add(ref _lines, droppedLines);
    }

    /// <summary>A file could not be rewritten (I/O); the node's next trim covers what this one would have dropped.</summary>
    public static void Failed() => Interlocked.Increment(ref _failures);

    public static (long Trims, long Lines, long Failures) Snapshot() =>
        (Interlocked.Read(ref _trims), Interlocked.Read(ref _lines), Interlocked.Read(ref _failures));

    /// <summary>The per-node files retention block of <c>/metrics</c>.</summary>
    public static string Render()
    {
        var (trims, lines, failures) = Snapshot();
        return new PrometheusText()
            .Counter("krglogs_node_file_trims_total", "Retention trims applied to this aggregator's per-node files (each aggregator trims its own copy).", trims)
            .Counter("krglogs_node_file_trimmed_lines_total", "Lines retention removed from this aggregator's per-node files.", lines)
            .Counter("krglogs_node_file_trim_failures_total", "Retention trims of a per-node file that failed (I/O); the node's next trim covers them.", failures)
            .ToString();
    }
}
