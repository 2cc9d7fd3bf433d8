namespace KrgLogs.LoadGen;

/// <summary>What the checker found, in all and per node.</summary>
public sealed record CheckReport(
    string Run,
    long Sent,
    long Found,
    long Lost,
    long Duplicated,
    long OutOfOrder,
    long Foreign,
    int CrashesSent,
    int CrashesFound,
    bool ZeroLoss,
    double WaitedSeconds,
    double? ReaderServerCpuSeconds,
    IReadOnlyList<CheckReport.NodeResult> Nodes)
{
    public sealed record NodeResult(string Node, long Sent, long Found, long Lost, long Duplicated, long OutOfOrder, long Foreign, int CrashesSent, int CrashesFound, string[] Missing);
}
