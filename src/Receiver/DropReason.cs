namespace KrgLogs.Receiver;

/// <summary>Why a receiver dropped data it had read (label <c>reason</c> of <c>krglogs_receiver_dropped_*</c>).</summary>
public static class DropReason
{
    /// <summary>The outbox stayed full longer than <see cref="ReceiverOptions.MaxReadPause"/> (entities not acking:
    /// journal down, no aggregator): datagrams read after that are counted and dropped until there is room.</summary>
    public const string OutboxFull = "outbox_full";

    /// <summary>Batches still unacknowledged when the receiver stopped (a clean stop: a kill loses them uncounted).</summary>
    public const string UnackedAtStop = "unacked_at_stop";
}
