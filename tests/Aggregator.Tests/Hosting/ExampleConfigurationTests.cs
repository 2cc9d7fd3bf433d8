using System.Reflection;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.Metrics;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Tests.Hosting;

/// <summary>
/// deploy/krglogs.example.json, as the systemd units load it (KRGLOGS_CONFIG): it binds to the real option types
/// without an unknown key, its values are the defaults, and it names every option there is.
/// </summary>
public sealed class ExampleConfigurationTests
{
    private static readonly string Example = Path.Combine(FindRepo(), "deploy", "krglogs.example.json");

    private static IConfiguration Load(string[] args, Dictionary<string, string?>? environment = null) =>
        new ConfigurationBuilder()
            .AddKrgLogsSources(args, new Dictionary<string, string?>(environment ?? []) { [KrgLogsConfigFile.Variable] = Example })
            .Build();

    [Fact]
    public void The_example_binds_to_the_options_without_unknown_keys_and_holds_the_defaults()
    {
        var config = Load([]);

        Assert.Equal(new AggregatorOptions(), config.Get<AggregatorOptions>());
        Assert.Equal(new ReceiverOptions(), config.Get<ReceiverOptions>());
        Assert.Equal(new MetricsOptions(), config.GetSection("Metrics").Get<MetricsOptions>(o => o.ErrorOnUnknownConfiguration = true));
        Assert.Equal(new ClusterTuning(), config.GetSection("Cluster").Get<ClusterTuning>(o => o.ErrorOnUnknownConfiguration = true));
        Assert.Equal(new JournalTuning(), config.GetSection("Journal").Get<JournalTuning>(o => o.ErrorOnUnknownConfiguration = true));
        var nodeLog = config.GetSection("NodeLog").Get<NodeLogOptions>(o => o.ErrorOnUnknownConfiguration = true)!;
        var defaults = new NodeLogOptions();
        Assert.Equal(defaults.TailLines, nodeLog.TailLines);
        Assert.Equal(defaults.TickInterval, nodeLog.TickInterval);
        Assert.Equal(defaults.Stream.Netconsole, nodeLog.Stream.Netconsole);
        Assert.Equal(defaults.Stream.Syslog, nodeLog.Stream.Syslog);
        Assert.Equal(defaults.Crashes, nodeLog.Crashes);

        var topLevel = OptionNames(typeof(AggregatorOptions)).Concat(OptionNames(typeof(ReceiverOptions))).Concat(OptionNames(typeof(ReceiverHostOptions)))
            .Concat(OptionNames(typeof(ClusterTlsOptions)))
            .Concat(["NodeLog", "Metrics", "Logging", "Cluster", "Journal"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = new ConfigurationBuilder().AddJsonFile(Example).Build().GetChildren().Select(c => c.Key).Where(k => !topLevel.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"keys of the example that no option reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_option_is_in_the_example_with_a_comment()
    {
        var text = File.ReadAllText(Example);
        var options = new[] { typeof(AggregatorOptions), typeof(ReceiverOptions), typeof(ReceiverHostOptions) }.SelectMany(OptionNames)
            .Concat(Leaves(typeof(NodeLogOptions)))
            .Concat(OptionNames(typeof(MetricsOptions)))
            .Concat(OptionNames(typeof(ClusterTuning)))
            .Concat(OptionNames(typeof(JournalTuning)))
            .Concat(OptionNames(typeof(ClusterTlsOptions)))
            .Where(name => name != "TimeZone") // NodeLog:Stream:Syslog:TimeZone is set through the top-level SyslogTimeZone
            .Distinct();

        var missing = options.Where(name => !text.Contains($"\"{name}\":", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"options missing from deploy/krglogs.example.json (add each with a comment): {string.Join(", ", missing)}");
        Assert.Contains("// ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_and_the_command_line_win_over_the_file_which_wins_over_defaults()
    {
        var config = Load(["--http-port", "7001"], new() { ["KRGLOGS_UDP_PORT"] = "7002" });

        Assert.Equal(7001, config.Get<AggregatorOptions>()!.HttpPort);
        Assert.Equal(7002, config.Get<ReceiverOptions>()!.UdpPort);
        Assert.Equal("127.0.0.1", config.Get<AggregatorOptions>()!.HttpBind);
    }

    [Fact]
    public void A_named_file_that_is_missing_stops_the_start_up_with_its_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"krglogs-missing-{Guid.NewGuid():N}.json");

        var error = Assert.ThrowsAny<Exception>(() =>
            new ConfigurationBuilder().AddKrgLogsSources([], new Dictionary<string, string?> { [KrgLogsConfigFile.Variable] = missing }).Build());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Settable properties: what configuration binds (computed ones like DatabasePath have no setter).</summary>
    private static IEnumerable<string> OptionNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    private static IEnumerable<string> Leaves(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).SelectMany(p =>
            p.PropertyType.IsClass && p.PropertyType != typeof(string) && p.PropertyType.Namespace?.StartsWith("KrgLogs", StringComparison.Ordinal) == true
                ? Leaves(p.PropertyType).Prepend(p.Name)
                : [p.Name]);

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Akka.KrgLogs.sln above the tests");
    }
}
