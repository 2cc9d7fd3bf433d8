using System.Collections.Immutable;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Crash reports with the same title close together in time. Only a group on two or more nodes is an incident
/// (a bad kernel or a bad switch kills many nodes at once); a group on one node is a plain crash.
/// </summary>
/// <param name="Id">Stable as long as its first crash is: <c>inc-</c> and that crash's id.</param>
/// <param name="Nodes">Distinct, in ordinal order.</param>
/// <param name="CrashIds">In the order the crashes joined.</param>
public sealed record Incident(
    string Id,
    string Title,
    string Kind,
    ImmutableArray<string> Nodes,
    ImmutableArray<string> CrashIds,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt)
{
    public bool IsIncident => Nodes.Length >= 2;

    public static Incident Of(IncidentCrash crash) =>
        new("inc-" + crash.Id, crash.Title, crash.Kind, [crash.Node], [crash.Id], crash.At, crash.At);

    /// <summary>True when <paramref name="crash"/> is within <paramref name="window"/> of this group's span.</summary>
    public bool Admits(IncidentCrash crash, TimeSpan window) =>
        string.Equals(crash.Title, Title, StringComparison.Ordinal)
        && crash.At >= FirstAt - window
        && crash.At <= LastAt + window;

    public Incident With(IncidentCrash crash)
    {
        var nodes = Nodes.Contains(crash.Node, StringComparer.Ordinal)
            ? Nodes
            : Nodes.Add(crash.Node).Sort(StringComparer.Ordinal);
        return this with
        {
            Nodes = nodes,
            CrashIds = CrashIds.Add(crash.Id),
            FirstAt = crash.At < FirstAt ? crash.At : FirstAt,
            LastAt = crash.At > LastAt ? crash.At : LastAt,
        };
    }
}
