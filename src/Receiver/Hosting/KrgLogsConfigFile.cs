using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// The deployment's configuration file, named by <c>KRGLOGS_CONFIG</c> (the systemd units set
/// <c>/etc/krglogs/krglogs.json</c>): JSON with comments, the same keys as appsettings.json. It overrides
/// appsettings.json and is overridden by <c>KRGLOGS_*</c> variables and command-line options.
/// </summary>
public static class KrgLogsConfigFile
{
    public const string Variable = "KRGLOGS_CONFIG";

    public static IConfigurationBuilder AddKrgLogsConfigFile(this IConfigurationBuilder builder, IDictionary<string, string?> variables)
    {
        // A file that is named but missing stops the start-up with its path: better than running on defaults.
        if (variables.TryGetValue(Variable, out var path) && !string.IsNullOrWhiteSpace(path))
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        return builder;
    }
}
