using System.Globalization;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// rsyslog and syslog-ng, each started by the test with the forwarding snippet a node would install
/// (deploy/node/), rewritten only in the collector's address and port; a local program logs through them.
/// </summary>
public sealed class SyslogDaemonTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>, IDisposable
{
    private const string Node = "127.0.0.1";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-syslogd-").FullName;

    private string Socket => Path.Combine(_dir, "log.sock");

    private string Snippet(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "node", file));
        // A drop-in: the collector's address is the one thing to edit (the port is krglogs' default).
        Assert.Equal(1, text.Split("krglogs.example").Length - 1);
        return text
            .Replace("krglogs.example", "127.0.0.1", StringComparison.Ordinal)
            .Replace("6666", fixture.Aggregator.UdpPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsyslog-krglogs-udp.conf")]
    [InlineData("rsyslog-krglogs-tcp.conf")]
    public async Task Rsyslog_with_the_node_snippet_forwards_program_host_and_level(string snippet)
    {
        var config = Path.Combine(_dir, "rsyslog.conf");
        await File.WriteAllTextAsync(config, $"""
            global(workDirectory="{_dir}")
            module(load="imuxsock" SysSock.Use="off")
            input(type="imuxsock" Socket="{Socket}")
            {Snippet(snippet)}
            """);
        await using var daemon = DaemonProcess.Start("rsyslogd", ["-n", "-f", config, "-i", Path.Combine(_dir, "rsyslogd.pid")]);

        await SendAndCheck(daemon, "rsyslog");
    }

    [Theory]
    [InlineData("syslog-ng-krglogs-udp.conf")]
    [InlineData("syslog-ng-krglogs-tcp.conf")]
    public async Task Syslog_ng_with_the_node_snippet_forwards_program_host_and_level(string snippet)
    {
        var root = Environment.GetEnvironmentVariable("KRGLOGS_SYSLOG_NG_ROOT") ?? Path.Combine(RepoPaths.Root, ".test-deps", "syslog-ng");
        var binary = Path.Combine(root, "usr", "sbin", "syslog-ng");
        Assert.True(File.Exists(binary), $"syslog-ng is not unpacked at {root}: ./test.sh does it");

        var config = Path.Combine(_dir, "syslog-ng.conf");
        await File.WriteAllTextAsync(config, $$"""
            @version: 3.38
            source s_src { unix-dgram("{{Socket}}"); };
            {{Snippet(snippet)}}
            """);
        await using var daemon = DaemonProcess.Start(
            binary,
            [
                "-F", "--no-caps", "-f", config,
                "--module-path=" + Path.Combine(root, "usr", "lib", "syslog-ng", "3.38"),
                "-p", Path.Combine(_dir, "syslog-ng.pid"), "-R", Path.Combine(_dir, "syslog-ng.persist"), "-c", Path.Combine(_dir, "syslog-ng.ctl"),
            ],
            new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = Path.Combine(root, "usr", "lib", "syslog-ng") });

        await SendAndCheck(daemon, "syslog-ng");
    }

    private async Task SendAndCheck(DaemonProcess daemon, string name)
    {
        await Eventually.Get(
            () => Task.FromResult(daemon.HasExited
                ? throw new InvalidOperationException($"{name} exited:\n{daemon.Output}")
                : File.Exists(Socket) ? Socket : null),
            _ => true,
            TimeSpan.FromSeconds(30),
            $"{name} listens on its socket");

        var text = $"via {name} {Guid.NewGuid():N}";
        var tag = "app-" + name;
        await ExternalCommand.RunAsync("logger", "-u", Socket, "-t", tag, "-p", "local3.err", text);

        var lines = await fixture.Aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text == text), $"'{text}' forwarded by {name}\n{daemon.Output}");
        var line = lines.Single(x => x.Text == text);
        Assert.Equal("syslog", line.Stream);
        Assert.Equal(tag, line.App);
        Assert.Equal(3, line.Level); // err
        Assert.Equal(19, line.Facility); // local3
        Assert.Equal(System.Net.Dns.GetHostName(), line.Host?.Split('.')[0]);
        Assert.Contains("fromSyslog", line.Flags ?? []);
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
