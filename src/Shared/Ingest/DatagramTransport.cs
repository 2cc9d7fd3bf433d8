namespace KrgLogs.Shared.Ingest;

/// <summary>How a payload arrived: a UDP datagram, or one frame cut from a syslog TCP connection.</summary>
public enum DatagramTransport : byte
{
    Udp = 0,
    TcpFrame = 1,

    /// <summary>A TCP frame longer than the frame limit, cut to it.</summary>
    TcpFrameTruncated = 2,
}
