namespace KrgLogs.Shared.Crashes;

/// <summary>What the incident grouping needs to know of one crash report.</summary>
/// <param name="At">When the report's first line arrived.</param>
public sealed record IncidentCrash(string Id, string Node, string Title, string Kind, DateTimeOffset At);
