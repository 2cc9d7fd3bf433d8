using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>Garbage on the port: kept as flagged lines, counted per node and reason, neighbours untouched.</summary>
public sealed class MalformedInputTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>
{
    private const string Node = "127.0.0.7";

    public sealed record StatusDto(string Node, long Lines, Dictionary<string, long> Counters);

    [Fact]
    public async Task Bad_datagrams_become_flagged_lines_and_counted_reasons_and_good_lines_around_them_survive()
    {
        var aggregator = fixture.Aggregator;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        byte[][] datagrams =
        [
            Encoding.UTF8.GetBytes("[    1.000000] good line before\n"),
            [0x00, 0x01, 0x02, 0x00, (byte)'x'],
            [0xff, 0xfe, 0xc3, 0x28, (byte)'\n'],
            Encoding.UTF8.GetBytes("6,99,100,-,ncfrag=999999/10;absurd fragment\n"),
            Encoding.UTF8.GetBytes(new string('A', 60000)),
            Encoding.UTF8.GetBytes("<script>alert(1)</script>\n"),
            Encoding.UTF8.GetBytes("[    2.000000] good line after\n"),
        ];
        foreach (var datagram in datagrams)
        {
            await udp.SendAsync(datagram, target);
        }

        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text == "[    2.000000] good line after"), "the good line after the garbage");

        Assert.Contains(lines, l => l.Text == "[    1.000000] good line before");
        Assert.Contains(lines, l => l.Text == "<script>alert(1)</script>");
        var malformed = lines.Where(l => l.Flags?.Contains("malformed") == true).ToList();
        Assert.True(malformed.Count >= 3, $"expected the bad datagrams as malformed lines, got {malformed.Count}");
        Assert.All(malformed, l => Assert.DoesNotContain(l.Text, c => c < 0x20));

        var status = await aggregator.Http.GetFromJsonAsync<StatusDto>($"api/nodes/{Node}", AggregatorProcess.Json);
        var reasons = status!.Counters.Where(c => c.Key.StartsWith("netconsole.malformed.", StringComparison.Ordinal) && c.Value > 0).ToList();
        Assert.True(reasons.Count >= 2, "malformed input counted by reason: " + string.Join(", ", status.Counters));
        Assert.Equal(malformed.Count, reasons.Sum(r => r.Value));
    }
}
