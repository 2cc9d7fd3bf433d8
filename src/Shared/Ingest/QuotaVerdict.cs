namespace KrgLogs.Shared.Ingest;

/// <summary>What <see cref="NodeQuota.Admit"/> decided about one datagram.</summary>
public enum QuotaVerdict : byte
{
    Admitted = 0,

    /// <summary>Over quota: dropped and counted.</summary>
    Dropped = 1,

    /// <summary>Over quota, and the first drop of the node's log period: dropped, counted, and worth one log line.</summary>
    DroppedReport = 2,
}
