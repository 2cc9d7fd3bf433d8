using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Aggregator.NodeLogs;

public sealed record NodeLogOptions
{
    /// <summary>Lines of each node kept in memory for tail queries.</summary>
    public int TailLines { get; init; } = 1000;

    /// <summary>A snapshot after this many events keeps recovery short.</summary>
    public int SnapshotEvery { get; init; } = 200;

    /// <summary>While the decoder holds something back (a partial line, a reorder gap, a fragment), how often
    /// the entity lets time move it on. Bounds how late the last lines of a dying node come out.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A busy node's lines are written at most this often (group commit over time): what arrives meanwhile goes into
    /// the next write. A node quiet for longer is written at once, and so is a crash report. Each write costs the
    /// journal, the projections and the acks about the same whatever its size: at 15,000 lines/s from 64 nodes,
    /// writing whenever the last write was done made events of ~35 lines and cost 44 µs of CPU a line, 500 ms made
    /// them ~120 lines (bench/README.md). Keep it well under the receivers' <c>ResendAfter</c> (1 s), which counts
    /// from the last ack.
    /// </summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>…unless this many lines are waiting: then they are written without waiting out the interval.</summary>
    public int WriteEarlyAtLines { get; init; } = 2000;

    public NodeStreamOptions Stream { get; init; } = new();

    /// <summary>After a failed write or recovery (disk full, database down) the entity is started again after this
    /// pause, doubling up to <see cref="RetryMaxBackoff"/> while it keeps failing.</summary>
    public TimeSpan RetryMinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lines older than this are deleted from the journal (after a snapshot covers them); null keeps them.</summary>
    public TimeSpan? RetainLinesFor { get; init; } = TimeSpan.FromDays(90);

    /// <summary>At most about this many lines per node are kept in the journal (whole events beyond it are deleted
    /// after a snapshot); null: no size limit.</summary>
    public long? RetainLines { get; init; }

    /// <summary>Crash reports are kept this long, longer than lines: deletion stops short of a younger one. Null: forever.</summary>
    public TimeSpan? RetainCrashesFor { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Quiet period, size caps of crash reports.</summary>
    public CrashDetectorOptions Crashes { get; init; } = CrashDetectorOptions.Default;
}
