using KrgLogs.Shared.Crashes;

namespace KrgLogs.Aggregator.Api;

/// <summary>An incident as <c>GET /api/incidents</c> shows it (the web page codes against this shape).</summary>
public sealed record IncidentDto(
    string Id,
    string Title,
    string Kind,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> CrashIds,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt)
{
    public static IncidentDto From(Incident incident) =>
        new(incident.Id, incident.Title, incident.Kind, [.. incident.Nodes], [.. incident.CrashIds], incident.FirstAt, incident.LastAt);
}
