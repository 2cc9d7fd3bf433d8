using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// deploy/node/netconsole-setup.sh run for real (sh, the real <c>ip</c> and kernel routes) against a configfs stand-in
/// directory (<c>--configfs</c>) and a kernel command line file (<c>--cmdline</c>). Neighbour-table cases run in a
/// private network namespace with a veth pair, so nothing touches the host's network.
/// </summary>
public sealed class NetconsoleSetupTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "deploy", "node", "netconsole-setup.sh");
    private static readonly string InitScript = Path.Combine(RepoPaths.Root, "deploy", "node", "krglogs-netconsole.init");
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-ncsetup-").FullName;

    public NetconsoleSetupTests() => Directory.CreateDirectory(Path.Combine(Configfs, "netconsole"));

    private string Configfs => Path.Combine(_dir, "config");

    private string Target(string name = "krglogs") => Path.Combine(Configfs, "netconsole", name);

    private string Cmdline(string text)
    {
        var path = Path.Combine(_dir, "cmdline");
        File.WriteAllText(path, text + "\n");
        return path;
    }

    private Task<ScriptRun.Result> Setup(params string[] args) =>
        ScriptRun.RunAsync("sh", [Script, "--configfs", Configfs, .. args], TimeSpan.FromSeconds(30));

    private Dictionary<string, string> Attributes(string name = "krglogs") =>
        Directory.GetFiles(Target(name)).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).TrimEnd('\n'));

    /// <summary>What the kernel puts in a new target directory (Linux 6.6+ with the release attribute).</summary>
    private void KernelCreatedTarget(bool withRelease)
    {
        Directory.CreateDirectory(Target());
        var defaults = new Dictionary<string, string>
        {
            ["enabled"] = "0",
            ["extended"] = "0",
            ["dev_name"] = "eth0",
            ["local_port"] = "6665",
            ["remote_port"] = "6666",
            ["local_ip"] = "0.0.0.0",
            ["remote_ip"] = "0.0.0.0",
            ["remote_mac"] = "ff:ff:ff:ff:ff:ff",
        };
        if (withRelease)
        {
            defaults["release"] = "0";
        }

        foreach (var (name, value) in defaults)
        {
            File.WriteAllText(Path.Combine(Target(), name), value + "\n");
        }
    }

    [Fact]
    public async Task Logdest_and_logdev_on_the_kernel_command_line_make_an_enabled_extended_target()
    {
        var run = await Setup("--cmdline", Cmdline("BOOT_IMAGE=/vmlinuz-6.1.0 root=/dev/sda1 ro logdest=127.0.0.1:7777 logdev=lo quiet"));

        Assert.True(run.ExitCode == 0, run.Output);
        var target = Attributes();
        Assert.Equal("lo", target["dev_name"]);
        Assert.Equal("127.0.0.1", target["local_ip"]);
        Assert.Equal("6665", target["local_port"]);
        Assert.Equal("127.0.0.1", target["remote_ip"]);
        Assert.Equal("7777", target["remote_port"]);
        Assert.Equal("1", target["extended"]);
        Assert.Equal("1", target["enabled"]);
        // Loopback has no neighbour to ask: broadcast, said out loud.
        Assert.Equal("ff:ff:ff:ff:ff:ff", target["remote_mac"]);
        Assert.Contains("warning: cannot resolve the MAC address of 127.0.0.1 on lo", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no 'release' attribute", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_win_over_the_kernel_command_line_and_the_route_names_the_device()
    {
        var run = await Setup("--cmdline", Cmdline("logdest=127.0.0.1:7777 logdev=nosuch0"), "--dest", "127.0.0.2:8888", "--dev", "lo", "--name", "second", "--local-port", "6000");

        Assert.True(run.ExitCode == 0, run.Output);
        var target = Attributes("second");
        Assert.Equal(("lo", "127.0.0.2", "8888", "6000"), (target["dev_name"], target["remote_ip"], target["remote_port"], target["local_port"]));
        Assert.False(Directory.Exists(Target()));
    }

    [Fact]
    public async Task The_release_prefix_is_turned_on_where_the_kernel_has_the_attribute()
    {
        KernelCreatedTarget(withRelease: true);

        var run = await Setup("--dest", "127.0.0.1:7777");

        Assert.True(run.ExitCode == 0, run.Output);
        var target = Attributes();
        Assert.Equal(("1", "1", "1"), (target["extended"], target["release"], target["enabled"]));
        Assert.Equal("lo", target["dev_name"]); // no --dev: the route's device
    }

    [Fact]
    public async Task Running_again_leaves_the_target_and_a_change_disables_it_first()
    {
        var args = new[] { "--cmdline", Cmdline("logdest=127.0.0.1:7777 logdev=lo") };
        Assert.Equal(0, (await Setup(args)).ExitCode);
        var first = Attributes();

        var again = await Setup(args);

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("already configured and enabled: nothing changed", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(first, Attributes());

        var moved = await Setup([.. args, "--dest", "127.0.0.1:9999"]);

        Assert.True(moved.ExitCode == 0, moved.Output);
        Assert.Contains("disabling krglogs to change: remote_port=9999", moved.Stderr, StringComparison.Ordinal);
        Assert.Equal(("9999", "1"), (Attributes()["remote_port"], Attributes()["enabled"]));
    }

    [Theory]
    [InlineData("logdest=10.0.0.300:6666", "is not an IPv4 address")]
    [InlineData("logdest=collector:6666", "is not an IPv4 address")]
    [InlineData("logdest=127.0.0.1:70000", "is not a port")]
    [InlineData("logdest=127.0.0.1", "is not IP:PORT")]
    [InlineData("logdest=127.0.0.1:6666 logdev=eth0;reboot", "is not an interface name")]
    public async Task A_bad_value_is_refused_with_its_reason_and_status_2(string cmdline, string reason)
    {
        var run = await Setup("--cmdline", Cmdline(cmdline));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target()));
    }

    [Fact]
    public async Task An_unknown_interface_is_a_network_error_with_status_3()
    {
        var run = await Setup("--cmdline", Cmdline("logdest=127.0.0.1:6666 logdev=nosuch0"));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("no network interface 'nosuch0'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_logdest_there_is_nothing_to_do()
    {
        var run = await Setup("--cmdline", Cmdline("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("nothing to do", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target()));
    }

    [Fact]
    public async Task A_write_the_kernel_refuses_fails_with_status_4()
    {
        KernelCreatedTarget(withRelease: false);
        File.Delete(Path.Combine(Target(), "remote_port"));
        Directory.CreateDirectory(Path.Combine(Target(), "remote_port")); // cannot be written, like a refused value

        var run = await Setup("--dest", "127.0.0.1:7777");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("the kernel refused remote_port=7777", run.Stderr, StringComparison.Ordinal);
        Assert.NotEqual("1", Attributes()["enabled"]);
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_and_kernels_without_dynamic_netconsole_get_the_module_parameter()
    {
        var dry = await Setup("--dest", "127.0.0.1:7777", "--dry-run");

        Assert.True(dry.ExitCode == 0, dry.Output);
        Assert.Contains($"would write 1 to {Target()}/enabled", dry.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target()));

        Directory.Delete(Path.Combine(Configfs, "netconsole"));
        var extended = await Setup("--dest", "127.0.0.1:7777", "--dry-run");
        var plain = await Setup("--dest", "127.0.0.1:7777", "--dry-run", "--plain");

        Assert.True(extended.ExitCode == 0, extended.Output);
        Assert.Contains("would run: modprobe netconsole netconsole=+6665@127.0.0.1/lo,7777@127.0.0.1/ff:ff:ff:ff:ff:ff", extended.Stderr, StringComparison.Ordinal);
        Assert.Contains("would run: modprobe netconsole netconsole=6665@127.0.0.1/lo,7777@127.0.0.1/ff:ff:ff:ff:ff:ff", plain.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_hop_MAC_comes_from_the_neighbour_table_directly_or_through_a_gateway()
    {
        // A private network namespace: a veth pair, an on-link neighbour, a gateway and its neighbour.
        var script = $"""
            set -e
            ip link set lo up
            ip link add v0 type veth peer name v1
            ip link set v0 up && ip link set v1 up
            ip addr add 10.9.0.1/24 dev v0
            ip neigh replace 10.9.0.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent
            ip route add 10.8.0.0/16 via 10.9.0.254 dev v0
            ip neigh replace 10.9.0.254 lladdr 02:00:00:00:00:FE dev v0 nud permanent
            set +e
            sh '{Script}' --configfs '{Configfs}' --dest 10.9.0.2:6666 --name direct
            sh '{Script}' --configfs '{Configfs}' --dest 10.8.1.1:6666 --dev v0 --name routed
            sh '{Script}' --configfs '{Configfs}' --dest 10.7.0.1:6666 --name unreachable
            echo "unreachable=$?"
            """;

        var run = await ScriptRun.RunAsync("unshare", ["-n", "sh", "-c", script], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, $"unshare -n (a private network namespace, as root) failed:\n{run.Output}");
        var direct = Attributes("direct");
        Assert.Equal(("v0", "10.9.0.1", "10.9.0.2", "02:00:00:00:00:02"), (direct["dev_name"], direct["local_ip"], direct["remote_ip"], direct["remote_mac"]));
        var routed = Attributes("routed");
        Assert.Equal(("10.8.1.1", "02:00:00:00:00:fe"), (routed["remote_ip"], routed["remote_mac"]));
        Assert.Contains("next hop 10.9.0.254 on v0 is 02:00:00:00:00:fe (neighbour table)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("unreachable=3", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("error: no route to 10.7.0.1", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target("unreachable")));
    }

    [Fact]
    public async Task The_SysV_script_starts_shows_and_stops_the_target()
    {
        var defaults = Path.Combine(_dir, "defaults");
        await File.WriteAllTextAsync(defaults, $"""
            SETUP='{Script}'
            CONFIGFS='{Configfs}'
            OPTIONS="--cmdline {Cmdline("logdest=127.0.0.1:7777 logdev=lo")}"
            """);
        var environment = new Dictionary<string, string> { ["KRGLOGS_NETCONSOLE_DEFAULTS"] = defaults };
        Task<ScriptRun.Result> Init(string action) => ScriptRun.RunAsync("sh", [InitScript, action], TimeSpan.FromSeconds(30), environment);

        Assert.Equal(3, (await Init("status")).ExitCode);
        var start = await Init("start");
        Assert.True(start.ExitCode == 0, start.Output);
        var status = await Init("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("krglogs enabled: 127.0.0.1:6665 on lo -> 127.0.0.1:7777", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await Init("stop")).ExitCode);
        Assert.Equal("0", Attributes()["enabled"]);
        Assert.Equal(3, (await Init("status")).ExitCode);
    }

    [Fact]
    public async Task Shellcheck_finds_nothing_in_the_node_scripts()
    {
        var run = await ScriptRun.RunAsync(
            "shellcheck",
            ["--shell=sh", Script, InitScript, Path.Combine(RepoPaths.Root, "tests", "EndToEnd.Tests", "NodeVm", "node-init.sh")],
            TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.Output);
    }

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
