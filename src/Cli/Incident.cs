namespace KrgLogs.Cli;

/// <summary>One incident of <c>GET /api/incidents</c>: the same crash title on several nodes close together.</summary>
public sealed record Incident(
    string Id,
    string Title,
    string Kind,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> CrashIds,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt);
