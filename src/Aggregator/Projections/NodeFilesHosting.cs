using Akka.Actor;
using KrgLogs.Aggregator.Hosting;

namespace KrgLogs.Aggregator.Projections;

public static class NodeFilesHosting
{
    /// <summary>Registered after AddAkka, so the actor system is up when the projection starts.</summary>
    public static IServiceCollection AddNodeFiles(this IServiceCollection services, AggregatorOptions options)
    {
        if (!options.WriteLogFiles)
        {
            return services;
        }

        return services.AddHostedService(provider => new NodeFilesProjection(
            provider.GetRequiredService<ActorSystem>(),
            options.LogDirectory,
            provider.GetRequiredService<ILogger<NodeFilesProjection>>()));
    }
}
