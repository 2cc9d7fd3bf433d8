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
        var effective = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "heartbeat every {0}, acceptable heartbeat pause {1}, split-brain stable-after {2}, gossip every {3}, down-removal margin {4}, down-all-when-unstable {5}, sharding retry {6}, coordinator state replicas {7}",
            config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"),
            config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"),
            config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"),
            config.GetTimeSpan("akka.cluster.gossip-interval"),
            config.GetString("akka.cluster.down-removal-margin"),
            config.GetString("akka.cluster.split-brain-resolver.down-all-when-unstable"),
            config.GetTimeSpan("akka.cluster.sharding.retry-interval"),
            config.GetInt("akka.cluster.sharding.distributed-data.majority-min-cap"));
        system.Log.Info("Cluster fail-over tuning: {0}", effective);
    }
}
