using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>An operator's map file names nodes by address, for netconsole (UDP) and syslog over TCP alike.</summary>
public sealed class NodeMapTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-nodemap-").FullName;

    [Fact]
    public async Task Lines_are_filed_under_the_mapped_node_name()
    {
        var map = Path.Combine(_dir, "nodes.map");
        await File.WriteAllTextAsync(map, "127.0.0.77 node077\n127.0.3.0/24 rack3\n");
        await using var aggregator = await AggregatorProcess.StartAsync(Path.Combine(_dir, "data"), extraArgs: ["--node-map", map]);

        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.77"), 0)))
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes("[    1.000000] mapped by address\n"), new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort));
        }

        using (var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.3.9"), 0)))
        {
            await tcp.ConnectAsync(IPAddress.Loopback, aggregator.UdpPort);
            await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes("<13>Nov 27 00:00:00 h9 app: mapped by network\n"));
        }

        var node = await aggregator.WaitForLinesAsync("node077", l => l.Count == 1, "node077 has its line");
        Assert.Equal("[    1.000000] mapped by address", node[0].Text);
        var rack = await aggregator.WaitForLinesAsync("rack3", l => l.Count == 1, "rack3 has its line");
        Assert.Equal("mapped by network", rack[0].Text);
        Assert.Equal("h9", rack[0].Host);
        Assert.Null(await aggregator.TailAsync("127.0.0.77"));
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
