using System.Globalization;
using System.Text.RegularExpressions;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>The systemd units in deploy/, checked by systemd's own tools (systemd-analyze verify and security).</summary>
public sealed partial class SystemdUnitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-units-").FullName;

    [Theory]
    [InlineData("krglogs-aggregator.service", "KrgLogs.Aggregator.dll")]
    [InlineData("krglogs-collector.service", "KrgLogs.Receiver.dll")]
    public async Task The_service_units_are_valid_notify_services_with_a_low_exposure(string unit, string dll)
    {
        var path = Path.Combine(RepoPaths.Root, "deploy", "systemd", unit);
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        foreach (var line in new[] { "Type=notify", "DynamicUser=yes", "StateDirectory=krglogs", "CapabilityBoundingSet=", "AmbientCapabilities=", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "Environment=KRGLOGS_CONFIG=/etc/krglogs/krglogs.json", $"ExecStart=/usr/bin/dotnet /opt/krglogs/{(unit.Contains("aggregator", StringComparison.Ordinal) ? "aggregator" : "collector")}/{dll}" })
        {
            Assert.Contains("\n" + line + "\n", text, StringComparison.Ordinal);
        }

        var verify = await ScriptRun.RunAsync("systemd-analyze", ["verify", path], TimeSpan.FromSeconds(60));
        Assert.True(verify.ExitCode == 0 && verify.Output.Trim().Length == 0, verify.Output);

        var security = await ScriptRun.RunAsync("systemd-analyze", ["security", "--offline=yes", "--no-pager", path], TimeSpan.FromSeconds(60));
        var exposure = Exposure().Match(security.Output);
        Assert.True(exposure.Success, security.Output);
        var level = double.Parse(exposure.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(level <= 2.0, $"exposure {level} (systemd calls <= 2.0 OK):\n{security.Output}");
    }

    [Fact]
    public async Task The_node_unit_is_valid_and_runs_the_setup_script_once_the_network_is_up()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "node", "krglogs-netconsole.service"), TestContext.Current.CancellationToken);
        Assert.Contains("\nAfter=network-online.target", text, StringComparison.Ordinal);
        Assert.Contains("\nType=oneshot\n", text, StringComparison.Ordinal);
        // Verified as installed, with the script where the unit expects it (here: the repository's copy).
        var installed = Path.Combine(_dir, "krglogs-netconsole.service");
        await File.WriteAllTextAsync(installed, text.Replace("/usr/local/sbin/netconsole-setup.sh", Path.Combine(RepoPaths.Root, "deploy", "node", "netconsole-setup.sh"), StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var verify = await ScriptRun.RunAsync("systemd-analyze", ["verify", installed], TimeSpan.FromSeconds(60));

        Assert.True(verify.ExitCode == 0 && verify.Output.Trim().Length == 0, verify.Output);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex Exposure();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
