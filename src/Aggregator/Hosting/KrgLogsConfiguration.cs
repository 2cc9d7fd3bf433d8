using KrgLogs.Receiver.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>The aggregator's configuration: the common sources and switches, plus its own switches.</summary>
public static class KrgLogsConfiguration
{
    /// <summary>Command-line spellings of the options a newcomer is most likely to change.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(
        KrgLogsConfigurationSources.CommonSwitches.Concat(new Dictionary<string, string>
        {
            ["--data-dir"] = "DataDir",
            ["--http-port"] = "HttpPort",
            ["--http-bind"] = "HttpBind",
            ["--syslog-timezone"] = "SyslogTimeZone",
            ["--postgres"] = "Postgres",
            ["--log-dir"] = "LogDir",
            ["--no-log-files"] = "NoLogFiles",
            ["--api-token-file"] = "ApiTokenFile",
            ["--insecure"] = "Insecure",
            ["--no-receiver"] = "NoReceiver",
            ["--index-path"] = "IndexPath",
            ["--no-index"] = "NoIndex",
            ["--incident-window"] = "IncidentWindow",
        }));

    public static IConfigurationBuilder AddKrgLogsSources(this IConfigurationBuilder builder, string[] args, IDictionary<string, string?>? environment = null) =>
        builder.AddKrgLogsSources(args, Switches, environment);
}
