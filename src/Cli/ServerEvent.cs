namespace KrgLogs.Cli;

/// <summary>One server-sent event: its name, data and id (null when it had none).</summary>
public sealed record ServerEvent(string Event, string Data, string? Id);
