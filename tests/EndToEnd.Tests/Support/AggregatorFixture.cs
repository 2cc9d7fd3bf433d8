namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>One aggregator process shared by the tests of a class (each test uses its own node or tag).</summary>
public sealed class AggregatorFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-e2e-shared-").FullName;

    public AggregatorProcess Aggregator { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Aggregator = await AggregatorProcess.StartAsync(_dataDir);

    public async ValueTask DisposeAsync()
    {
        await Aggregator.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
