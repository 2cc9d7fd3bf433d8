namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// One deploy/local-cluster.sh cluster (PostgreSQL, 3 aggregators, 2 receivers) shared by the cluster fail-over
/// tests: starting it costs more than any one test. Each test leaves every member running when it ends.
/// </summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    public LocalCluster Cluster { get; } = new();

    public HttpClient Api(int aggregator = 1) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{Cluster.AggregatorHttpPort(aggregator)}/"), Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync() => await Cluster.RunAsync("start", "3", "2");

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    public const string Name = "local cluster";
}
