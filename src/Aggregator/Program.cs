using System.Net;
using System.Text.Json.Serialization;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using KrgLogs.Aggregator.Alerts;
using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.Metrics;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Aggregator.Search;
using KrgLogs.Aggregator.Security;
using KrgLogs.Aggregator.Web;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddKrgLogsSources(AlertsHosting.ExpandWebhookSwitches(args));
builder.Services.AddSystemd(); // Type=notify: READY=1 once started, STOPPING=1 on stop (no-op outside systemd)

var options = builder.Configuration.Get<AggregatorOptions>() ?? new AggregatorOptions();
var receiverOptions = builder.Configuration.Get<ReceiverOptions>() ?? new ReceiverOptions();
var nodeLogOptions = builder.Configuration.GetSection("NodeLog").Get<NodeLogOptions>() ?? new NodeLogOptions();
if (options.SyslogTimeZone is { } zone)
{
    var syslog = nodeLogOptions.Stream.Syslog with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
    nodeLogOptions = nodeLogOptions with { Stream = nodeLogOptions.Stream with { Syslog = syslog } };
}

var (apiAccess, refusal) = ApiAccess.Resolve(options);
if (apiAccess is null)
{
    Console.Error.WriteLine(refusal);
    return 2;
}

const string AggregatorRole = ClusterRoles.Aggregator;
const string SystemName = ClusterRoles.SystemName;

var droppedJournalIndexes = options.Postgres is null ? SqlitePersistence.Prepare(options.DatabasePath) : 0;

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.HttpBind), options.HttpPort));
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
builder.Services.AddOpenApi();
builder.Services.AddSingleton(options);
builder.Services.AddKrgApiAccess(apiAccess);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<NodeDirectory>();
builder.Services.AddSingleton<CrashLog>();
var journalTuning = builder.Configuration.GetSection("Journal").Get<JournalTuning>() ?? new JournalTuning();
if (options.Postgres is null)
{
    builder.Services.AddJournalSync(options.DatabasePath, journalTuning); // before AddAkka: stops after it
}

builder.Services.AddAkka(SystemName, (akka, services) =>
{
    var self = $"akka.tcp://{SystemName}@{options.PublicHost ?? options.ClusterHost}:{options.ClusterPort}";
    var seeds = options.Seeds?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } listed
        ? listed
        : [self];
    akka.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .WithRemoting(new RemoteOptions { HostName = options.ClusterHost, Port = options.ClusterPort, PublicHostName = options.PublicHost }.WithClusterTls(builder.Configuration))
        .WithKrgClustering(AggregatorRole, ClusterTls.Seeds(seeds, builder.Configuration), builder.Configuration.GetSection("Cluster").Get<ClusterTuning>() ?? new ClusterTuning());
    if (options.Postgres is { } postgres)
    {
        akka.AddPostgresPersistence(postgres, journalTuning);
    }
    else
    {
        akka.AddSqlitePersistence(options.DatabasePath, journalTuning);
    }

    akka
        .WithDistributedPubSub(AggregatorRole)
        .AddReceiverSerializer()
        .AddCrashPublisherActor()
        .AddNodeLogRegion(nodeLogOptions, services.GetRequiredService<TimeProvider>(), AggregatorRole)
        .AddSearchIndexerActor(options, AggregatorRole)
        .AddAlertDispatcherActor(services, AggregatorRole);
    if (!options.NoReceiver)
    {
        akka.AddBatchForwarderActor(services);
    }
});

builder.Services.AddJournalReadiness(); // before anything reads the journal

// After AddAkka: hosted services start in order, and the socket loop needs the actor system up.
if (!options.NoReceiver)
{
    builder.Services.AddKrgReceiver(receiverOptions);
}
else
{
    // /metrics still renders the receiver block (all zero): one page shape whether or not this member receives.
    builder.Services.AddSingleton<ReceiverCounters>();
}

// Read side (projections fed from the journal by tag).
builder.Services.AddKrgSearch(options);
builder.Services.AddLinesProjections(options);

// Metrics.
builder.Services.AddKrgMetrics(builder.Configuration);

// Alerts (webhooks), incidents, live follow.
builder.Services.AddKrgAlerts(options);

var app = builder.Build();
if (droppedJournalIndexes > 0)
{
    app.Logger.LogInformation("Journal: dropped {Count} index(es) that nothing reads but every event was written to (of {Names}), left by an earlier start", droppedJournalIndexes, string.Join(", ", SqliteJournalSchema.UnreadIndexes));
}

app.UseKrgApiAccess();
app.MapOpenApi("/openapi.json");
app.MapNodeEndpoints();
app.MapHealthEndpoints();
app.MapCrashEndpoints();
app.MapMetricsEndpoints();
app.MapKrgWebPage();
app.MapSearchEndpoints();
app.MapAlertEndpoints();

app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "krglogs aggregator up: {Receiver}, API on http://{HttpBind}:{HttpPort}, cluster akka.tcp://{System}@{ClusterHost}:{ClusterPort}, data in {Database}",
    options.NoReceiver ? "no embedded receiver" : $"netconsole/syslog on udp {receiverOptions.UdpBind}:{receiverOptions.UdpPort}",
    options.HttpBind, options.HttpPort, SystemName, options.ClusterHost, options.ClusterPort,
    options.Postgres is null ? Path.GetFullPath(options.DatabasePath) : "PostgreSQL"));

return await MemberExitCode.RunAsync(app);
