using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Receiver;
using System.Net;
using System.Text.Json.Serialization;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddKrgLogsSources(args);

var options = builder.Configuration.Get<AggregatorOptions>() ?? new AggregatorOptions();
var receiverOptions = builder.Configuration.Get<ReceiverOptions>() ?? new ReceiverOptions();
var nodeLogOptions = builder.Configuration.GetSection("NodeLog").Get<NodeLogOptions>() ?? new NodeLogOptions();
if (options.SyslogTimeZone is { } zone)
{
    var syslog = nodeLogOptions.Stream.Syslog with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
    nodeLogOptions = nodeLogOptions with { Stream = nodeLogOptions.Stream with { Syslog = syslog } };
}

const string AggregatorRole = "aggregator";
const string SystemName = "krglogs";

SqlitePersistence.Prepare(options.DatabasePath);

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.HttpBind), options.HttpPort));
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<NodeDirectory>();
builder.Services.AddSingleton<CrashLog>();
builder.Services.AddAkka(SystemName, (akka, services) =>
{
    var self = $"akka.tcp://{SystemName}@{options.ClusterHost}:{options.ClusterPort}";
    akka.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .WithRemoting(new RemoteOptions { HostName = options.ClusterHost, Port = options.ClusterPort })
        .WithClustering(new ClusterOptions { Roles = [AggregatorRole], SeedNodes = [self] })
        .AddSqlitePersistence(options.DatabasePath)
        .WithDistributedPubSub(AggregatorRole)
        .AddReceiverSerializer()
        .AddCrashPublisherActor()
        .AddNodeLogRegion(nodeLogOptions, services.GetRequiredService<TimeProvider>(), AggregatorRole)
        .AddBatchForwarderActor(services);
});

// After AddAkka: hosted services start in order, and the socket loop needs the actor system up.
builder.Services.AddKrgReceiver(receiverOptions);

// Read side (projections fed from the journal by tag).
builder.Services.AddNodeFiles(options);

// Metrics.

var app = builder.Build();
app.MapNodeEndpoints();
app.MapHealthEndpoints();
app.MapCrashEndpoints();

app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "krglogs aggregator up: netconsole/syslog on udp {UdpBind}:{UdpPort}, API on http://{HttpBind}:{HttpPort}, cluster akka.tcp://{System}@{ClusterHost}:{ClusterPort}, data in {Database}",
    receiverOptions.UdpBind, receiverOptions.UdpPort, options.HttpBind, options.HttpPort, SystemName, options.ClusterHost, options.ClusterPort, Path.GetFullPath(options.DatabasePath)));

await app.RunAsync();
