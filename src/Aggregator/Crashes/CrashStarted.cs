using KrgLogs.Aggregator.NodeLogs;

namespace KrgLogs.Aggregator.Crashes;

/// <summary>"A crash is being printed": published when a report opens, because a dying node may never finish it.</summary>
public sealed record CrashStarted(string Node, string Kind, string HeaderLine, DateTimeOffset At, int Boot) : INodeLogMessage;
