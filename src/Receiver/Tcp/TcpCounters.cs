using System.Collections.Concurrent;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Receiver.Tcp;

/// <summary>
/// What the syslog TCP listener's limits did: connections refused (by limit and by source), connections closed for
/// being idle, and frames the framer had to cut, resynchronise or give up on (by node). Thread-safe: the accept
/// loop and every connection's task count here. Shown in /metrics (<c>krglogs_receiver_tcp_*</c>).
/// </summary>
public sealed class TcpCounters
{
    private readonly ConcurrentDictionary<(string Node, string Fault), long[]> _faults = new();
    private long _open;
    private long _refusedOverTotal;
    private long _refusedOverPerSource;
    private long _idleClosed;

    /// <summary>Connections open right now.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Connections closed at once because <see cref="ReceiverOptions.MaxTcpConnections"/> were open.</summary>
    public long RefusedOverTotal => Interlocked.Read(ref _refusedOverTotal);

    /// <summary>Connections closed at once because their source had <see cref="ReceiverOptions.MaxTcpConnectionsPerSource"/> open.</summary>
    public long RefusedOverPerSource => Interlocked.Read(ref _refusedOverPerSource);

    /// <summary>Connections refused by a connection limit, by source address (bounded: later sources are "other").</summary>
    public RefusedSources RefusedBySource { get; } = new();

    /// <summary>Connections closed because they sent nothing for <see cref="ReceiverOptions.TcpIdleTimeout"/>.</summary>
    public long IdleClosed => Interlocked.Read(ref _idleClosed);

    /// <summary>Framing faults so far, by node and <see cref="TcpFrameFault"/>: how many, and the bytes they threw away.</summary>
    public IReadOnlyList<(string Node, string Fault, long Count, long DiscardedBytes)> FrameFaults =>
        [.. _faults.Select(f => (f.Key.Node, f.Key.Fault, Interlocked.Read(ref f.Value[0]), Interlocked.Read(ref f.Value[1])))];

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);

    /// <summary>Counts a refusal; true when the source is new to the by-source map (worth a log line).</summary>
    internal bool Refused(string source, bool overTotal)
    {
        Interlocked.Increment(ref overTotal ? ref _refusedOverTotal : ref _refusedOverPerSource);
        return RefusedBySource.Count(source);
    }

    internal void ClosedIdle() => Interlocked.Increment(ref _idleClosed);

    internal void Fault(string node, string fault, long count, long discardedBytes)
    {
        if (count == 0 && discardedBytes == 0)
        {
            return;
        }

        var cell = _faults.GetOrAdd((node, fault), _ => new long[2]);
        Interlocked.Add(ref cell[0], count);
        Interlocked.Add(ref cell[1], discardedBytes);
    }
}
