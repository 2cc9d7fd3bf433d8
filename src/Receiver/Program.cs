using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Hosting;
using KrgLogs.Receiver.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A standalone collector: the receiver's sockets, forwarding through a shard-region proxy to the aggregators.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddKrgLogsSources(args, KrgLogsConfigurationSources.CommonSwitches);
builder.Services.AddSystemd(); // Type=notify: READY=1 once started, STOPPING=1 on stop (no-op outside systemd)
var host = builder.Configuration.Get<ReceiverHostOptions>() ?? new ReceiverHostOptions();
var receiver = builder.Configuration.Get<ReceiverOptions>() ?? new ReceiverOptions();
var seeds = host.Seeds?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
if (seeds.Length == 0)
{
    Console.Error.WriteLine("krglogs receiver: --seeds akka.tcp://krglogs@<aggregator>:6681 is required (the aggregators to join)");
    return 2;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAkka(ClusterRoles.SystemName, (akka, services) => akka
    .ConfigureLoggers(loggers =>
    {
        loggers.ClearLoggers();
        loggers.AddLoggerFactory();
    })
    .WithRemoting(new RemoteOptions { HostName = host.ClusterHost, Port = host.ClusterPort, PublicHostName = host.PublicHost }.WithClusterTls(builder.Configuration))
    .WithKrgClustering(ClusterRoles.Receiver, ClusterTls.Seeds(seeds, builder.Configuration), builder.Configuration.GetSection("Cluster").Get<ClusterTuning>() ?? new ClusterTuning())
    .AddReceiverSerializer()
    .WithShardRegionProxy<NodeLogRegion>(NodeLogRegion.TypeName, ClusterRoles.Aggregator, new NodeMessageExtractor())
    .AddBatchForwarderActor(services));
builder.Services.AddKrgReceiver(receiver);

var app = builder.Build();
app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    app.Services.GetRequiredService<ILogger<ReceiverHostOptions>>().LogInformation(
        "krglogs receiver up: udp {Bind}:{Port}, joining {Seeds}", receiver.UdpBind, receiver.UdpPort, string.Join(", ", seeds)));
return await MemberExitCode.RunAsync(app);
