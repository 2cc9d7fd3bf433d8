namespace KrgLogs.LoadGen;

/// <summary>What a send run did, written as JSON for the checker and for bench/ingest.sh.</summary>
public sealed record SendReport(
    string Run,
    DateTimeOffset StartedAt,
    string Target,
    int Nodes,
    string Mix,
    int LineBytes,
    double TargetRate,
    long Lines,
    long Datagrams,
    long SyslogLines,
    long FragmentedRecords,
    double Seconds,
    double LinesPerSecond,
    double SenderCpuSeconds,
    bool TimedOut,
    int CrashesSent,
    int CrashEventsMatched,
    double? CrashLatencyP50Ms,
    double? CrashLatencyP99Ms,
    double? CrashLatencyMaxMs,
    long[] SentPerNode,
    int[] CrashesPerNode);
