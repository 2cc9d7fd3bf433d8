namespace KrgLogs.Receiver.Tcp;

/// <summary>What the framer had to do to a TCP syslog stream (label <c>fault</c> of <c>krglogs_receiver_tcp_frame_faults_total</c>).</summary>
public static class TcpFrameFault
{
    /// <summary>A frame longer than <see cref="ReceiverOptions.MaxFrameBytes"/>: kept cut (flagged Truncated), its rest skipped.</summary>
    public const string Oversized = "oversized";

    /// <summary>An octet count that could not be believed: bytes skipped up to the next plausible frame start.</summary>
    public const string GarbageLength = "garbage_length";

    /// <summary>An octet-counted frame still short of its length when the connection ended: kept cut (flagged Truncated).</summary>
    public const string Incomplete = "incomplete";
}
