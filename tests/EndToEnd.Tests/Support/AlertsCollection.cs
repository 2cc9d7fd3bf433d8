namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Follow and incident tests share one aggregator (each uses its own nodes): one start-up, not two.</summary>
[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AggregatorFixture>
{
    public const string Name = "alerts";
}
