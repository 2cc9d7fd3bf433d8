namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Per-node fairness: one token bucket of lines and one of bytes per node (see <see cref="NodeQuotaOptions"/>), so a
/// node that floods loses its own excess and nobody else's share. Pure: time comes in as UTC ticks with every call.
/// Thread-safe (the UDP loop and TCP connections share one); memory is bounded by <see cref="NodeQuotaOptions.MaxNodes"/>.
/// </summary>
public sealed class NodeQuota
{
    private readonly NodeQuotaOptions _options;
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Lines, long Bytes)> _drops = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly double _lineCapacity;
    private readonly double _byteCapacity;
    private long _droppedLines;
    private long _droppedBytes;
    private long _untracked;

    /// <summary>Where drops of nodes beyond <see cref="NodeQuotaOptions.MaxNodes"/> distinct droppers are added up.</summary>
    public const string OtherNodes = "_other";

    public NodeQuota(NodeQuotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LinesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BurstSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxNodes);
        _options = options;
        _lineCapacity = Math.Max(1, options.LinesPerSecond * options.BurstSeconds);
        _byteCapacity = Math.Max(1, options.BytesPerSecond * options.BurstSeconds);
    }

    public NodeQuotaOptions Options => _options;

    public long DroppedLines => Interlocked.Read(ref _droppedLines);

    public long DroppedBytes => Interlocked.Read(ref _droppedBytes);

    /// <summary>Datagrams let through unmetered because <see cref="NodeQuotaOptions.MaxNodes"/> busy nodes were tracked.</summary>
    public long Untracked => Interlocked.Read(ref _untracked);

    public int TrackedNodes
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>One datagram of <paramref name="bytes"/> from <paramref name="node"/>: admitted, or dropped and counted.</summary>
    public QuotaVerdict Admit(string node, int bytes, long nowTicks)
    {
        if (!_options.Enabled)
        {
            return QuotaVerdict.Admitted;
        }

        lock (_gate)
        {
            if (!TryBucket(node, nowTicks, out var bucket))
            {
                return QuotaVerdict.Admitted;
            }

            var lineOk = _options.LinesPerSecond <= 0 || bucket.Lines >= 1;
            var byteOk = _options.BytesPerSecond <= 0 || bucket.Bytes >= bytes || (bucket.Bytes >= _byteCapacity && bytes > _byteCapacity);
            if (lineOk && byteOk)
            {
                bucket.Lines -= 1;
                bucket.Bytes -= bytes;
                return QuotaVerdict.Admitted;
            }

            CountDrop(node, 1, bytes);
            var report = nowTicks - bucket.LastReportTicks >= _options.LogEvery.Ticks;
            if (report)
            {
                bucket.LastReportTicks = nowTicks;
            }

            return report ? QuotaVerdict.DroppedReport : QuotaVerdict.Dropped;
        }
    }

    /// <summary>
    /// Takes what a reliable transport already read (TCP frames) out of the node's buckets, below zero if need be:
    /// nothing is dropped, the connection waits <see cref="Delay"/> before reading more.
    /// </summary>
    public void Charge(string node, int lines, long bytes, long nowTicks)
    {
        if (!_options.Enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (TryBucket(node, nowTicks, out var bucket))
            {
                bucket.Lines -= lines;
                bucket.Bytes -= bytes;
            }
        }
    }

    /// <summary>How long the node must wait until both of its buckets are back above zero.</summary>
    public TimeSpan Delay(string node, long nowTicks)
    {
        if (!_options.Enabled)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            if (!TryBucket(node, nowTicks, out var bucket))
            {
                return TimeSpan.Zero;
            }

            var seconds = Math.Max(
                bucket.Lines < 0 && _options.LinesPerSecond > 0 ? -bucket.Lines / _options.LinesPerSecond : 0,
                bucket.Bytes < 0 && _options.BytesPerSecond > 0 ? -bucket.Bytes / _options.BytesPerSecond : 0);
            return TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>Every node that lost something to its quota, with what it lost.</summary>
    public IReadOnlyList<NodeQuotaDrops> Drops()
    {
        lock (_gate)
        {
            return [.. _drops.Select(d => new NodeQuotaDrops(d.Key, d.Value.Lines, d.Value.Bytes)).OrderBy(d => d.Node, StringComparer.Ordinal)];
        }
    }

    public NodeQuotaDrops DropsOf(string node)
    {
        lock (_gate)
        {
            var (lines, bytes) = _drops.GetValueOrDefault(node);
            return new NodeQuotaDrops(node, lines, bytes);
        }
    }

    private void CountDrop(string node, int lines, long bytes)
    {
        Interlocked.Add(ref _droppedLines, lines);
        Interlocked.Add(ref _droppedBytes, bytes);
        var key = _drops.ContainsKey(node) || _drops.Count < _options.MaxNodes ? node : OtherNodes;
        var (l, b) = _drops.GetValueOrDefault(key);
        _drops[key] = (l + lines, b + bytes);
    }

    // Refills the node's bucket up to now; false when the node cannot be tracked (table full of busy nodes).
    private bool TryBucket(string node, long nowTicks, out Bucket bucket)
    {
        if (!_buckets.TryGetValue(node, out bucket!))
        {
            if (_buckets.Count >= _options.MaxNodes && !ForgetIdle(nowTicks))
            {
                Interlocked.Increment(ref _untracked);
                return false;
            }

            bucket = new Bucket { Lines = _lineCapacity, Bytes = _byteCapacity, RefilledTicks = nowTicks, LastReportTicks = long.MinValue / 2 };
            _buckets[node] = bucket;
            return true;
        }

        Refill(bucket, nowTicks);
        return true;
    }

    private void Refill(Bucket bucket, long nowTicks)
    {
        var elapsed = nowTicks - bucket.RefilledTicks;
        if (elapsed <= 0)
        {
            return; // time stood still or went back (clock step): no refill, never a negative one
        }

        var seconds = elapsed / (double)TimeSpan.TicksPerSecond;
        bucket.Lines = Math.Min(_lineCapacity, bucket.Lines + seconds * _options.LinesPerSecond);
        bucket.Bytes = Math.Min(_byteCapacity, bucket.Bytes + seconds * _options.BytesPerSecond);
        bucket.RefilledTicks = nowTicks;
    }

    // A bucket that has refilled completely holds no information: a new one would be the same.
    private bool ForgetIdle(long nowTicks)
    {
        var idle = new List<string>();
        foreach (var (node, bucket) in _buckets)
        {
            Refill(bucket, nowTicks);
            if (bucket.Lines >= _lineCapacity && bucket.Bytes >= _byteCapacity)
            {
                idle.Add(node);
            }
        }

        foreach (var node in idle)
        {
            _buckets.Remove(node);
        }

        return idle.Count > 0;
    }

    private sealed class Bucket
    {
        public double Lines;
        public double Bytes;
        public long RefilledTicks;
        public long LastReportTicks;
    }
}
