namespace KrgLogs.Receiver;

/// <summary>How a receiver listens and batches; bound from configuration (section "Receiver" or top level).</summary>
public sealed record ReceiverOptions
{
    /// <summary>Address the UDP socket binds to; all interfaces by default (nodes send from the cluster network).</summary>
    public string UdpBind { get; init; } = "0.0.0.0";

    public int UdpPort { get; init; } = 6666;

    /// <summary>Syslog over TCP on the same port number as UDP (RFC 6587 framing, detected per connection).</summary>
    public bool TcpEnabled { get; init; } = true;

    /// <summary>Open TCP connections in all; more are refused (closed at once) and counted.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>Open TCP connections from one source address.</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 16;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest syslog frame kept; longer ones are cut and flagged.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Asked-for SO_RCVBUF; the kernel caps it at net.core.rmem_max and we log what we got.</summary>
    public int UdpReceiveBufferBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// A file mapping source addresses (IP or CIDR) to node names, re-read when it changes; see
    /// <c>NodeNameMap</c> for its format. Unset: a node is named by its source IP.
    /// </summary>
    public string? NodeMapFile { get; init; }

    /// <summary>Names this receiver in batch ids; defaults to host name and port.</summary>
    public string? ReceiverId { get; init; }

    /// <summary>A node's batch is sent when it holds this many datagrams…</summary>
    public int MaxBatchDatagrams { get; init; } = 512;

    /// <summary>…or this many bytes…</summary>
    public int MaxBatchBytes { get; init; } = 256 * 1024;

    /// <summary>…or when its first datagram is this old.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Batches sent to one entity and not yet acked.</summary>
    public int InFlightBatchesPerNode { get; init; } = 8;

    /// <summary>Unacked batches are sent again after this long (entity moved, message lost).</summary>
    /// <remarks>Short, so a node whose entity moved (fail-over) is served again quickly: a resend of a batch the entity
    /// already has costs only an ack.</remarks>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bytes held for all nodes until acked; beyond it the receiver stops reading its sockets.</summary>
    public long MaxOutboxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// How long the UDP loop stops reading while the outbox is full. Past it, datagrams are read and dropped, counted
    /// per node (<see cref="DropReason.OutboxFull"/>), until there is room: the kernel would drop them anyway, but
    /// without saying whose they were. What the outbox already holds is kept. TCP never drops: its senders wait.
    /// </summary>
    public TimeSpan MaxReadPause { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Source networks (CIDR, or comma-separated CIDRs per entry) traffic is taken from: <c>--allow</c>, repeatable.
    /// Empty: everyone. Anything else is dropped and counted by source.
    /// </summary>
    public string[] Allow { get; init; } = [];

    /// <summary>Per-node intake quota (section "Quota"): lines and bytes per second with a burst.</summary>
    public KrgLogs.Shared.Ingest.NodeQuotaOptions Quota { get; init; } = new();
}
