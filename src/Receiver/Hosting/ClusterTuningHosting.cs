using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Hosting;

/// <summary>Joins the krglogs cluster with a role, keep-majority over the aggregators, and the fail-over <see cref="ClusterTuning"/>.</summary>
public static class ClusterTuningHosting
{
    public static AkkaConfigurationBuilder WithKrgClustering(this AkkaConfigurationBuilder builder, string role, string[] seeds, ClusterTuning tuning) =>
        builder
            .WithClustering(new ClusterOptions
            {
                Roles = [role],
                SeedNodes = seeds,
                SplitBrainResolver = new KeepMajorityOption { Role = ClusterRoles.Aggregator }, // receivers do not vote
                FailureDetector = new PhiAccrualFailureDetectorOptions
                {
                    HeartbeatInterval = tuning.HeartbeatInterval,
                    AcceptableHeartbeatPause = tuning.AcceptableHeartbeatPause,
                },
            })
            .AddHocon(new ConfigurationBuilder().AddInMemoryCollection(tuning.AkkaSettings()).Build(), HoconAddMode.Prepend)
            .AddStartup((system, _) => LogEffective(system));

    private static void LogEffective(ActorSystem system)
    {
        var config = system.Settings.Config;
        system.Log.Info(
            "Cluster fail-over tuning: acceptable heartbeat pause {0}, split-brain stable-after {1}, down-all-when-unstable {4}, down-removal margin {2}, sharding retry {3}",
            config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"),
            config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"),
            config.GetString("akka.cluster.down-removal-margin"),
            config.GetTimeSpan("akka.cluster.sharding.retry-interval"),
            config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"));
    }
}
