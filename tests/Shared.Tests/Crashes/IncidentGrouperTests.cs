using CsCheck;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Shared.Tests.Crashes;

public sealed class IncidentGrouperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    // Few titles and nodes, times within two hours: collisions (same title, close together) are common.
    private static readonly Gen<IncidentCrash[]> Crashes =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 7200]).Array[0, 40].Select(rows => rows
            .Select((r, i) => new IncidentCrash($"c{i}", $"node{r.Item2}", $"title {r.Item1}", "oops", T0.AddSeconds(r.Item3)))
            .ToArray());

    private static IncidentCrash Crash(string id, string node, string title, int minute) =>
        new(id, node, title, "panic", T0.AddMinutes(minute));

    [Fact]
    public void The_same_title_on_two_nodes_within_the_window_is_one_incident()
    {
        var grouper = IncidentGrouper.Group(
            [Crash("a", "n1", "kernel panic: x", 0), Crash("b", "n2", "kernel panic: x", 9), Crash("c", "n3", "other", 1)],
            Window);

        var incident = Assert.Single(grouper.Newest());
        Assert.Equal(["n1", "n2"], incident.Nodes);
        Assert.Equal(["a", "b"], incident.CrashIds);
        Assert.Equal("inc-a", incident.Id);
        Assert.Equal(T0, incident.FirstAt);
        Assert.Equal(T0.AddMinutes(9), incident.LastAt);
        Assert.Equal(2, grouper.Newest(all: true).Count);
    }

    [Fact]
    public void Crashes_further_apart_than_the_window_or_on_one_node_are_no_incident()
    {
        var apart = IncidentGrouper.Group([Crash("a", "n1", "t", 0), Crash("b", "n2", "t", 11)], Window);
        var oneNode = IncidentGrouper.Group([Crash("a", "n1", "t", 0), Crash("b", "n1", "t", 1)], Window);

        Assert.Empty(apart.Newest());
        Assert.Equal(2, apart.Groups.Count);
        Assert.Empty(oneNode.Newest());
        Assert.Equal(["a", "b"], Assert.Single(oneNode.Groups).CrashIds);
    }

    [Fact]
    public void Newest_incident_comes_first()
    {
        var grouper = IncidentGrouper.Group(
            [Crash("a", "n1", "t", 0), Crash("b", "n2", "t", 1), Crash("c", "n1", "u", 30), Crash("d", "n2", "u", 31)],
            Window);

        Assert.Equal(["inc-c", "inc-a"], grouper.Newest().Select(i => i.Id));
    }

    [Fact]
    public void Every_crash_lands_in_exactly_one_group_of_its_title()
    {
        Crashes.Sample(crashes =>
        {
            var grouper = IncidentGrouper.Group(crashes, Window);
            var ids = grouper.Groups.SelectMany(g => g.CrashIds).ToList();
            Assert.Equal(crashes.Select(c => c.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
            var byId = crashes.ToDictionary(c => c.Id);
            foreach (var group in grouper.Groups)
            {
                Assert.All(group.CrashIds, id => Assert.Equal(group.Title, byId[id].Title));
                Assert.Equal(group.CrashIds.Select(id => byId[id].Node).Distinct().Order(StringComparer.Ordinal), group.Nodes);
                Assert.Equal(group.CrashIds.Min(id => byId[id].At), group.FirstAt);
                Assert.Equal(group.CrashIds.Max(id => byId[id].At), group.LastAt);
            }
        });
    }

    [Fact]
    public void Groups_are_chains_within_the_window_and_groups_of_one_title_are_further_apart()
    {
        Crashes.Sample(crashes =>
        {
            var grouper = IncidentGrouper.Group(crashes, Window);
            var byId = crashes.ToDictionary(c => c.Id);
            foreach (var group in grouper.Groups)
            {
                var times = group.CrashIds.Select(id => byId[id].At).Order().ToList();
                Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First <= Window));
            }

            foreach (var title in grouper.Groups.GroupBy(g => g.Title))
            {
                var spans = title.OrderBy(g => g.FirstAt).ToList();
                Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.Second.FirstAt - pair.First.LastAt > Window));
            }
        });
    }

    [Fact]
    public void The_order_crashes_are_given_in_and_repeats_do_not_change_the_answer()
    {
        Gen.Select(Crashes, Gen.Int).Sample((crashes, seed) =>
        {
            var shuffled = crashes.OrderBy(_ => Random.Shared.Next()).ToList();
            var repeated = shuffled.Concat(shuffled.Take(Math.Abs(seed % (crashes.Length + 1))));
            var expected = IncidentGrouper.Group(crashes, Window).Newest(all: true);
            var actual = IncidentGrouper.Group(repeated, Window).Newest(all: true);
            Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        });

        static string Describe(Incident i) => $"{i.Id} {i.Title} {string.Join(',', i.Nodes)} {string.Join(',', i.CrashIds)} {i.FirstAt:O} {i.LastAt:O}";
    }

    [Fact]
    public void Applying_a_crash_twice_is_a_no_op()
    {
        var once = IncidentGrouper.Empty(Window).Apply(Crash("a", "n1", "t", 0));
        Assert.Same(once, once.Apply(Crash("a", "n1", "t", 0)));
    }
}
