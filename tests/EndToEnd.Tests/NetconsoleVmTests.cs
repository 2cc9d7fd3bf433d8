using System.Net.Http.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A real Debian kernel under qemu sends its console to the running aggregator and panics (sysrq-c): krglogs
/// shows the node, its boot log and the crash report with its whole call trace — once in plain mode (the
/// harness's module parameter), once in extended mode configured inside the guest by deploy/node/netconsole-setup.sh
/// from logdest=/logdev= on the kernel command line. Both boots run at once (see <see cref="NodeVmRuns"/>).
/// </summary>
public sealed class NetconsoleVmTests(NodeVmRuns vms) : IClassFixture<NodeVmRuns>
{
    // slirp hands the guest's datagrams to 127.0.0.1 from 127.0.0.1: a node is named by its source address.
    private const string Node = "127.0.0.1";
    private const string Title = "kernel panic: sysrq triggered crash";

    private sealed record NodeSummary(string Node, long Lines);

    private sealed record Crash(string Id, string Node, string Title, string Kind, bool Panicked, string? Text);

    [Fact]
    public async Task Plain_netconsole_of_a_real_kernel_shows_the_node_its_boot_log_and_the_panic()
    {
        Report();
        Assert.True(vms.PlainRun.ExitCode == 0, $"run.sh plain failed:\n{vms.PlainRun.Output}");
        var aggregator = vms.Plain;

        await AssertOnlyNodeIs(aggregator);
        // Plain mode replays the ring buffer when the module loads: the whole boot log is there.
        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text.Contains("ncvm: END of test lines", StringComparison.Ordinal)), "the guest's last test line");
        Assert.Contains(lines, l => l.Text.Contains("Linux version 6.", StringComparison.Ordinal) && l.Stream == "kernel");
        Assert.Contains(lines, l => l.Text.Contains("ncvm: BEGIN run=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Text.Contains("Kernel panic - not syncing: sysrq triggered crash", StringComparison.Ordinal));

        await AssertPanicReport(aggregator);
    }

    [Fact]
    public async Task Extended_netconsole_set_up_by_the_node_script_shows_the_node_its_log_and_the_panic()
    {
        Report();
        Assert.True(vms.ExtendedRun.ExitCode == 0, $"boot-node.sh failed:\n{vms.ExtendedRun.Output}");
        var serial = await File.ReadAllTextAsync(vms.ExtendedSerialLog);
        // The script found slirp's gateway MAC itself (arping: nothing had talked to it yet), and a second run changed nothing.
        Assert.Contains("netconsole-setup: next hop 10.0.2.2 on eth0 is 52:55:0a:00:02:02", serial, StringComparison.Ordinal);
        Assert.Contains("netconsole-setup: netconsole target krglogs enabled", serial, StringComparison.Ordinal);
        Assert.Contains("already configured and enabled: nothing changed", serial, StringComparison.Ordinal);
        var aggregator = vms.Extended;

        await AssertOnlyNodeIs(aggregator);
        // Extended mode starts at the first record after enabled=1: the node's log from the set-up on.
        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text.Contains("krglogs-node: triggering sysrq-c", StringComparison.Ordinal)), "the guest's last line before the panic");
        var up = Assert.Single(lines, l => l.Text.StartsWith("krglogs-node: up, Linux version 6.", StringComparison.Ordinal));
        Assert.NotNull(up.Seq); // extended records carry the kernel's sequence number
        Assert.Contains(lines, l => l.Text.Contains($"logdest=10.0.2.2:{aggregator.UdpPort} logdev=eth0", StringComparison.Ordinal));
        var driver = Assert.Single(lines, l => l.Text.Contains("SMBus Host Controller", StringComparison.Ordinal));
        Assert.Equal("kernel", driver.Stream);
        Assert.Equal(6, driver.Level);
        Assert.Contains(lines, l => l.Text == "Kernel panic - not syncing: sysrq triggered crash" && l.Level == 0);

        await AssertPanicReport(aggregator);
    }

    private void Report() => TestContext.Current.TestOutputHelper?.WriteLine(
        $"both qemu runs (plain + extended, concurrently): {vms.BothRuns.TotalSeconds:F1} s");

    private static async Task AssertOnlyNodeIs(AggregatorProcess aggregator)
    {
        var nodes = await Eventually.Get(
            () => aggregator.Http.GetFromJsonAsync<List<NodeSummary>>("api/nodes", AggregatorProcess.Json),
            n => n.Count > 0,
            TimeSpan.FromSeconds(30),
            "the guest shows up as a node");
        var node = Assert.Single(nodes);
        Assert.Equal(Node, node.Node);
        Assert.True(node.Lines > 10, $"only {node.Lines} lines");
    }

    private static async Task AssertPanicReport(AggregatorProcess aggregator)
    {
        var listed = await Eventually.Get(
            () => aggregator.Http.GetFromJsonAsync<List<Crash>>($"api/crashes?node={Node}", AggregatorProcess.Json),
            c => c.Count > 0,
            TimeSpan.FromSeconds(30),
            "the panic is reported");
        var crash = Assert.Single(listed);
        Assert.Equal(Title, crash.Title);
        Assert.True(crash.Panicked);

        var shown = (await aggregator.Http.GetFromJsonAsync<Crash>($"api/crashes/{crash.Id}", AggregatorProcess.Json))!;
        var text = shown.Text!;
        Assert.Contains("Kernel panic - not syncing: sysrq triggered crash", text, StringComparison.Ordinal);
        // The whole call trace, from the sysrq handler down to the system call, and the end marker.
        var trace = new[] { "Call Trace:", "sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger", "vfs_write", "ksys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe", "---[ end Kernel panic - not syncing: sysrq triggered crash ]---" };
        var at = 0;
        foreach (var frame in trace)
        {
            var found = text.IndexOf(frame, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{frame}' missing (in order) from the report:\n{text}");
            at = found;
        }
    }
}
