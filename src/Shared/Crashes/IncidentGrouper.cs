using System.Collections.Immutable;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Groups crash reports into incidents: a crash joins the newest group with the same title whose span (widened by
/// <see cref="Window"/> on both sides) holds its time, so a chain of crashes each within the window of the last
/// stays one group. Immutable: <see cref="Apply"/> returns the next state. Fed the same crash twice (an
/// at-least-once read of the journal), it changes nothing. Fed in time order, two groups of one title are always
/// more than the window apart.
/// </summary>
public sealed record IncidentGrouper(TimeSpan Window, ImmutableList<Incident> Groups, ImmutableHashSet<string> Seen)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    public static IncidentGrouper Empty(TimeSpan window) =>
        window < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(window), window, "the incident window cannot be negative")
            : new(window, [], ImmutableHashSet.Create<string>(StringComparer.Ordinal));

    public IncidentGrouper Apply(IncidentCrash crash)
    {
        if (Seen.Contains(crash.Id))
        {
            return this;
        }

        for (var i = Groups.Count - 1; i >= 0; i--)
        {
            if (Groups[i].Admits(crash, Window))
            {
                return this with { Groups = Groups.SetItem(i, Groups[i].With(crash)), Seen = Seen.Add(crash.Id) };
            }
        }

        return this with { Groups = Groups.Add(Incident.Of(crash)), Seen = Seen.Add(crash.Id) };
    }

    /// <summary>Groups <paramref name="crashes"/> in time order (then by id, so the answer does not depend on the order given).</summary>
    public static IncidentGrouper Group(IEnumerable<IncidentCrash> crashes, TimeSpan window) =>
        crashes
            .OrderBy(c => c.At)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Aggregate(Empty(window), (state, crash) => state.Apply(crash));

    /// <summary>Incidents (two or more nodes), or every group when <paramref name="all"/>; newest first.</summary>
    public IReadOnlyList<Incident> Newest(bool all = false) =>
        [.. Groups.Where(g => all || g.IsIncident).OrderByDescending(g => g.LastAt).ThenBy(g => g.Id, StringComparer.Ordinal)];
}
