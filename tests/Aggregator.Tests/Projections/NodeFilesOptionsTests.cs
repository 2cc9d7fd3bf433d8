using KrgLogs.Aggregator.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Tests.Projections;

public sealed class NodeFilesOptionsTests
{
    private static AggregatorOptions Bind(params string[] args) =>
        new ConfigurationBuilder().AddKrgLogsSources(args, new Dictionary<string, string?>()).Build().Get<AggregatorOptions>() ?? new AggregatorOptions();

    [Fact]
    public void Files_are_on_by_default_under_the_data_dir() =>
        Assert.Equal((true, Path.Combine("/srv/krg", "logs")), (Bind("--data-dir", "/srv/krg").WriteLogFiles, Bind("--data-dir", "/srv/krg").LogDirectory));

    [Fact]
    public void Log_dir_moves_them_and_no_log_files_turns_them_off()
    {
        Assert.Equal("/var/log/krglogs", Bind("--log-dir", "/var/log/krglogs").LogDirectory);
        Assert.False(Bind("--no-log-files", "true").WriteLogFiles);
        Assert.False(new ConfigurationBuilder()
            .AddKrgLogsSources([], new Dictionary<string, string?> { ["KRGLOGS_LOG_FILES"] = "false" })
            .Build().Get<AggregatorOptions>()!.WriteLogFiles);
    }
}
