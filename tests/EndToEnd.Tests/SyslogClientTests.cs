using System.Globalization;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>util-linux `logger` in every mode it has, against the running aggregator on loopback.</summary>
public sealed class SyslogClientTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>
{
    private const string Node = "127.0.0.1";

    public static TheoryData<string, string[]> Modes => new()
    {
        { "udp-3164", ["--udp", "--rfc3164"] },
        { "udp-5424", ["--udp", "--rfc5424"] },
        { "tcp-3164", ["--tcp", "--rfc3164"] },
        { "tcp-5424-octet", ["--tcp", "--rfc5424", "--octet-count"] },
        { "tcp-3164-octet", ["--tcp", "--rfc3164", "--octet-count"] },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Logger_messages_arrive_with_program_pid_host_and_level(string mode, string[] flags)
    {
        var aggregator = fixture.Aggregator;
        var text = $"syslog {mode} {Guid.NewGuid():N}";
        var tag = "krgtest-" + mode;

        await ExternalCommand.RunAsync(
            "logger",
            [.. flags, "-n", "127.0.0.1", "-P", aggregator.UdpPort.ToString(CultureInfo.InvariantCulture), "-t", tag, "-p", "daemon.warning", "-i", text]);

        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text == text), $"'{text}' arrives");
        var line = lines.Single(x => x.Text == text);
        Assert.Equal("syslog", line.Stream);
        Assert.Equal(tag, line.App);
        Assert.Equal(4, line.Level); // warning
        Assert.Equal(3, line.Facility); // daemon
        Assert.False(string.IsNullOrEmpty(line.ProcId));
        Assert.Equal(System.Net.Dns.GetHostName(), line.Host);
        Assert.Contains("fromSyslog", line.Flags ?? []);
    }
}
