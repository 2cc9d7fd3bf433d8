using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The cluster of deploy/local-cluster.sh (3 aggregators, 2 receivers, PostgreSQL): 64 nodes send numbered lines
/// at a steady rate, one aggregator is killed with SIGKILL mid-stream, and every line is still there once, in order.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Nodes = 64;
    private const int LinesPerNode = 60;

    public sealed record LinesDto(string Node, List<LineDto> Lines, long LineCount);

    public sealed record LineDto(string Text);

    [Fact]
    public async Task Killing_an_aggregator_mid_stream_loses_and_doubles_nothing()
    {
        await using var cluster = new LocalCluster();
        await cluster.RunAsync("start", "3", "2");

        var sockets = Enumerable.Range(0, Nodes).Select(n => new UdpClient(new IPEndPoint(IPAddress.Parse(NodeAddress(n)), 0))).ToList();
        var killedAt = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < LinesPerNode; i++)
            {
                if (i == LinesPerNode / 3)
                {
                    await cluster.RunAsync("kill", "a2");
                    killedAt.Restart();
                }

                for (var n = 0; n < Nodes; n++)
                {
                    var receiver = cluster.ReceiverUdpPort(1 + (n % 2));
                    await sockets[n].SendAsync(Encoding.UTF8.GetBytes(Line(n, i) + "\n"), new IPEndPoint(IPAddress.Loopback, receiver));
                }

                await Task.Delay(50); // a steady rate: ~1,300 lines/s across the nodes, for ~3 s
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.AggregatorHttpPort(1)}/"), Timeout = TimeSpan.FromSeconds(30) };
        var stored = new Dictionary<int, List<string>>();
        for (var n = 0; n < Nodes; n++)
        {
            var node = NodeAddress(n);
            var lines = await Eventually.Get(
                async () => (await api.GetFromJsonAsync<LinesDto>($"api/nodes/{node}/lines?tail=1000", AggregatorProcess.Json))?.Lines.Select(l => l.Text).ToList(),
                l => l.Count >= LinesPerNode,
                TimeSpan.FromSeconds(120),
                $"node {node} has all its lines");
            stored[n] = lines;
        }

        var failover = killedAt.Elapsed;
        var sent = Nodes * LinesPerNode;
        var persisted = stored.Values.Sum(l => l.Count);
        var duplicated = stored.Values.Sum(l => l.Count - l.Distinct().Count());
        var lost = sent - stored.Values.Sum(l => l.Distinct().Count());
        output.WriteLine($"failover: lines sent {sent}, persisted {persisted}, lost {lost}, duplicated {duplicated}; kill → every node complete {failover.TotalSeconds:F1} s");
        Console.WriteLine($"failover: lines sent {sent}, persisted {persisted}, lost {lost}, duplicated {duplicated}; kill → every node complete {failover.TotalSeconds:F1} s");

        for (var n = 0; n < Nodes; n++)
        {
            Assert.Equal(Enumerable.Range(0, LinesPerNode).Select(i => Line(n, i)), stored[n]);
        }
    }

    private static string NodeAddress(int n) => $"127.0.1.{n + 1}";

    private static string Line(int node, int i) => string.Create(CultureInfo.InvariantCulture, $"node {node} line {i}");
}
