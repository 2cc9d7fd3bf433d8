using KrgLogs.Shared.Ingest;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class RefusedSourcesTests
{
    [Fact]
    public void Each_source_is_counted_and_reported_new_once()
    {
        var refused = new RefusedSources(capacity: 4);
        Assert.True(refused.Count("127.0.0.3"));
        Assert.False(refused.Count("127.0.0.3"));
        Assert.True(refused.Count("127.0.0.4"));
        Assert.Equal(3, refused.Total);
        Assert.Equal([new("127.0.0.3", 2L), new("127.0.0.4", 1L)], refused.Snapshot());
    }

    [Fact]
    public void Sources_beyond_the_capacity_are_counted_as_other_so_the_map_stays_small()
    {
        var refused = new RefusedSources(capacity: 3);
        var news = 0;
        for (var i = 0; i < 10_000; i++)
        {
            news += refused.Count($"10.0.{i / 256}.{i % 256}") ? 1 : 0;
        }

        var snapshot = refused.Snapshot();
        Assert.Equal(4, snapshot.Count);
        Assert.Equal(10_000 - 3, snapshot.Single(kv => kv.Key == RefusedSources.Other).Value);
        Assert.Equal(10_000, snapshot.Sum(kv => kv.Value));
        Assert.Equal(10_000, refused.Total);
        Assert.Equal(4, news); // three sources, then "other" once: a spoofed flood cannot flood the log
    }
}
