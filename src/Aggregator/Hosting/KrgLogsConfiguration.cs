using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// Configuration sources in order of precedence (last wins): appsettings.json, <c>KRGLOGS_*</c> environment
/// variables (<c>KRGLOGS_UDP_PORT</c> → <c>UdpPort</c>, <c>KRGLOGS_NODELOG__TAIL_LINES</c> → <c>NodeLog:TailLines</c>),
/// then command-line options (<c>--udp-port 6666</c>).
/// </summary>
public static class KrgLogsConfiguration
{
    public const string EnvironmentPrefix = "KRGLOGS_";

    /// <summary>Command-line spellings of the options a newcomer is most likely to change.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--data-dir"] = "DataDir",
        ["--udp-port"] = "UdpPort",
        ["--udp-bind"] = "UdpBind",
        ["--http-port"] = "HttpPort",
        ["--http-bind"] = "HttpBind",
        ["--cluster-port"] = "ClusterPort",
        ["--cluster-host"] = "ClusterHost",
        ["--syslog-timezone"] = "SyslogTimeZone",
        ["--log-dir"] = "LogDir",
        ["--no-log-files"] = "NoLogFiles",
    };

    public static IConfigurationBuilder AddKrgLogsSources(this IConfigurationBuilder builder, string[] args, IDictionary<string, string?>? environment = null)
    {
        var variables = environment ?? Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        builder.AddInMemoryCollection(FromEnvironment(variables));
        builder.AddCommandLine(args, Switches.ToDictionary(kv => kv.Key, kv => kv.Value));
        return builder;
    }

    /// <summary><c>KRGLOGS_A_B__C_D</c> → <c>AB:CD</c>; configuration keys ignore case.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var sections = name[EnvironmentPrefix.Length..]
                .Split("__")
                .Select(part => part.Replace("_", string.Empty, StringComparison.Ordinal));
            yield return new KeyValuePair<string, string?>(string.Join(':', sections), value);
        }
    }
}
