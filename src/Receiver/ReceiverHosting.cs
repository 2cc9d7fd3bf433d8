using System.Globalization;
using Akka.Hosting;
using KrgLogs.Receiver.Forwarding;
using KrgLogs.Receiver.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KrgLogs.Receiver;

/// <summary>Wires a receiver into a host: its counters, outbox bound, socket loops and forwarder actor.</summary>
public static class ReceiverHosting
{
    public static IServiceCollection AddKrgReceiver(this IServiceCollection services, ReceiverOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ReceiverCounters>();
        services.AddSingleton(sp => new OutboxGate(options.MaxOutboxBytes, sp.GetRequiredService<ReceiverCounters>()));
        services.AddSingleton(sp => new NodeMapFile(options.NodeMapFile, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<NodeMapFile>>()));
        services.AddSingleton(sp => new Admission.SourceAdmission(
            KrgLogs.Shared.Ingest.SourceAllowList.Parse(options.Allow),
            sp.GetRequiredService<ReceiverCounters>().Refused,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Admission.SourceAdmission>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new KrgLogs.Shared.Ingest.NodeQuota(options.Quota));
        services.AddSingleton<ReceiverSocketsService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReceiverSocketsService>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Starts the forwarder; the NodeLog region (or proxy) must be registered as <see cref="NodeLogRegion"/>.</summary>
    public static AkkaConfigurationBuilder AddBatchForwarderActor(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<ReceiverOptions>();
        var sender = string.Create(
            CultureInfo.InvariantCulture,
            $"{options.ReceiverId ?? Environment.MachineName + ":" + options.UdpPort}/{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        return builder.WithActors((system, registry) =>
        {
            var region = registry.Get<NodeLogRegion>();
            var forwarder = system.ActorOf(
                BatchForwarder.Props(
                    region,
                    options,
                    services.GetRequiredService<OutboxGate>(),
                    services.GetRequiredService<ReceiverCounters>(),
                    sender,
                    services.GetRequiredService<TimeProvider>()),
                "batch-forwarder");
            registry.Register<BatchForwarder>(forwarder);
        });
    }

    public static AkkaConfigurationBuilder AddReceiverSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("krglogs-protocol", [typeof(IReceiverProtocolMessage)], system => new ProtocolSerializer(system));
}
