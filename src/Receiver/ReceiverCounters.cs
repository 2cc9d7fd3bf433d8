using System.Collections.Concurrent;

namespace KrgLogs.Receiver;

/// <summary>What a receiver saw and did, for /metrics and logs. Updated from the socket thread and the forwarder.</summary>
public sealed class ReceiverCounters
{
    private long _datagrams;
    private long _bytes;
    private long _batchesSent;
    private long _batchesResent;
    private long _batchesAcked;
    private long _outboxBytes;
    private long _readPauses;
    private long _tcpConnections;
    private long _tcpRefused;
    private long _tcpFrames;
    private long _udpErrors;

    /// <summary>The UDP port the receiver is bound to (0 until it is): the kernel's drops at it are read by port.</summary>
    public int UdpPort { get; set; }

    /// <summary>Errors the UDP socket reported on a read (an ICMP error, say): logged and counted, never fatal.</summary>
    public long UdpErrors => Interlocked.Read(ref _udpErrors);

    public void UdpError() => Interlocked.Increment(ref _udpErrors);

    public long Datagrams => Interlocked.Read(ref _datagrams);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    public long BatchesResent => Interlocked.Read(ref _batchesResent);

    public long BatchesAcked => Interlocked.Read(ref _batchesAcked);

    /// <summary>Bytes accepted from the network and not yet persisted by their entity.</summary>
    public long OutboxBytes => Interlocked.Read(ref _outboxBytes);

    /// <summary>Times the socket loop stopped reading because the outbox was full.</summary>
    public long ReadPauses => Interlocked.Read(ref _readPauses);

    /// <summary>TCP syslog connections accepted so far.</summary>
    public long TcpConnections => Interlocked.Read(ref _tcpConnections);

    /// <summary>TCP connections closed at once because a connection limit was reached.</summary>
    public long TcpRefused => Interlocked.Read(ref _tcpRefused);

    public long TcpFrames => Interlocked.Read(ref _tcpFrames);

    /// <summary>The TCP listener's limits at work: refusals by limit and source, idle closes, framing faults by node.</summary>
    public Tcp.TcpCounters Tcp { get; } = new();

    /// <summary>Datagrams and connections dropped for coming from outside the allow-list, by source.</summary>
    public KrgLogs.Shared.Ingest.RefusedSources Refused { get; } = new();

    internal void TcpAccepted() => Interlocked.Increment(ref _tcpConnections);

    internal void TcpRefusedOne() => Interlocked.Increment(ref _tcpRefused);

    internal void TcpFramed(int frames, int bytes)
    {
        Interlocked.Add(ref _tcpFrames, frames);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void Received(int bytes)
    {
        Interlocked.Increment(ref _datagrams);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void Sent(bool resend) => Interlocked.Increment(ref resend ? ref _batchesResent : ref _batchesSent);

    internal void Acked(int batches) => Interlocked.Add(ref _batchesAcked, batches);

    internal void OutboxChanged(long delta) => Interlocked.Add(ref _outboxBytes, delta);

    internal void ReadPaused() => Interlocked.Increment(ref _readPauses);

    // Drops, per node and reason: the only place a receiver gives up on data it read.
    private readonly ConcurrentDictionary<(string Node, string Reason), long[]> _drops = new();

    /// <summary>Datagrams dropped so far, by node and <see cref="DropReason"/> (at most one entry per node and reason).</summary>
    public IReadOnlyList<(string Node, string Reason, long Datagrams, long Bytes)> Drops =>
        [.. _drops.Select(d => (d.Key.Node, d.Key.Reason, Interlocked.Read(ref d.Value[0]), Interlocked.Read(ref d.Value[1])))];

    internal void Dropped(string node, string reason, long datagrams, long bytes)
    {
        var cell = _drops.GetOrAdd((node, reason), _ => new long[2]);
        Interlocked.Add(ref cell[0], datagrams);
        Interlocked.Add(ref cell[1], bytes);
    }
}
