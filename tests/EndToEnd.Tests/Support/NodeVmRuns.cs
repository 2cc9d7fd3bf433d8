using System.Diagnostics;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// Two real kernels (qemu TCG) booted at once, each sending netconsole to its own running aggregator and then
/// panicking: plain mode through ../shared/tools/netconsole-vm/run.sh (its /init sets the module parameter), and
/// extended mode through NodeVm/boot-node.sh, whose /init runs deploy/node/netconsole-setup.sh with
/// logdest=/logdev= on the kernel command line. Two aggregators because slirp makes both guests 127.0.0.1.
/// </summary>
public sealed class NodeVmRuns : IAsyncLifetime
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(240); // qemu itself is bounded by timeout 180

    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-nodevm-").FullName;

    public AggregatorProcess Plain { get; private set; } = null!;

    public AggregatorProcess Extended { get; private set; } = null!;

    public ScriptRun.Result PlainRun { get; private set; } = null!;

    public ScriptRun.Result ExtendedRun { get; private set; } = null!;

    /// <summary>Wall clock of both boots together, run concurrently (the figure the issue asks for).</summary>
    public TimeSpan BothRuns { get; private set; }

    public string ExtendedSerialLog => Path.Combine(_dir, "extended", "serial.log");

    public async ValueTask InitializeAsync()
    {
        // One after the other: two cold starts at once on a busy machine is what makes start-ups slow.
        Plain = await AggregatorProcess.StartAsync(Path.Combine(_dir, "plain-data"));
        Extended = await AggregatorProcess.StartAsync(Path.Combine(_dir, "extended-data"));

        var clock = Stopwatch.StartNew();
        var plainRun = ScriptRun.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Shared, "tools", "netconsole-vm", "run.sh"), "plain", Plain.UdpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            RunLimit,
            new Dictionary<string, string>
            {
                ["RECEIVER"] = "0", // the aggregator is the receiver
                ["CAPDIR"] = Path.Combine(_dir, "plain"),
                ["BUILDDIR"] = Path.Combine(_dir, "plain-build"),
            });
        var extendedRun = ScriptRun.RunAsync(
            "bash",
            [Path.Combine(RepoPaths.Root, "tests", "EndToEnd.Tests", "NodeVm", "boot-node.sh"), Extended.UdpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(_dir, "extended")],
            RunLimit);
        PlainRun = await plainRun;
        ExtendedRun = await extendedRun;
        BothRuns = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Extended.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
