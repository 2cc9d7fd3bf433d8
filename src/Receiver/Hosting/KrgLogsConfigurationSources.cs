using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// Configuration sources of every krglogs process, in order of precedence (last wins): appsettings.json,
/// <c>KRGLOGS_*</c> environment variables (<c>KRGLOGS_UDP_PORT</c> → <c>UdpPort</c>,
/// <c>KRGLOGS_NODELOG__TAIL_LINES</c> → <c>NodeLog:TailLines</c>), then command-line options.
/// </summary>
public static class KrgLogsConfigurationSources
{
    public const string EnvironmentPrefix = "KRGLOGS_";

    /// <summary>Options every process has: where it receives and how it joins the cluster.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommonSwitches = new Dictionary<string, string>
    {
        ["--udp-port"] = "UdpPort",
        ["--udp-bind"] = "UdpBind",
        ["--cluster-port"] = "ClusterPort",
        ["--cluster-host"] = "ClusterHost",
        ["--public-host"] = "PublicHost",
        ["--seeds"] = "Seeds",
        ["--node-map"] = "NodeMapFile",
        ["--tls-cert"] = "TlsCert",
        ["--tls-key"] = "TlsKey",
        ["--tls-pfx"] = "TlsPfx",
        ["--tls-password-file"] = "TlsPasswordFile",
        ["--tls-ca"] = "TlsCa",
    };

    public static IConfigurationBuilder AddKrgLogsSources(
        this IConfigurationBuilder builder,
        string[] args,
        IReadOnlyDictionary<string, string> switches,
        IDictionary<string, string?>? environment = null)
    {
        var variables = environment ?? Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        builder.AddKrgLogsConfigFile(variables);
        builder.AddInMemoryCollection(FromEnvironment(variables));
        builder.AddCommandLine(SwitchShapes.Expand(args), switches.ToDictionary(kv => kv.Key, kv => kv.Value));
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
