using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>Two aggregator processes on one private PostgreSQL form a cluster that shards the nodes between them.</summary>
public sealed class ClusterTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const int Nodes = 8;
    private const int LinesPerNode = 25;
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-cluster-").FullName;

    public sealed record NodeDto(string Node, long Lines);

    [Fact]
    public async Task Any_aggregator_answers_for_any_node_whichever_receiver_took_its_lines()
    {
        await using var first = await AggregatorProcess.StartAsync(Path.Combine(_dir, "a"), extraArgs: ["--postgres", postgres.ConnectionString]);
        await using var second = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "b"), extraArgs: ["--postgres", postgres.ConnectionString, "--seeds", first.ClusterAddress]);

        var sent = new Dictionary<string, List<string>>();
        for (var n = 0; n < Nodes; n++)
        {
            var node = $"127.0.0.{30 + n}";
            var receiver = n % 2 == 0 ? first : second;
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(node), 0));
            var lines = Enumerable.Range(0, LinesPerNode).Select(i => $"node {n} line {i.ToString(CultureInfo.InvariantCulture)}").ToList();
            foreach (var line in lines)
            {
                await udp.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), new IPEndPoint(IPAddress.Loopback, receiver.UdpPort));
            }

            sent[node] = lines;
        }

        foreach (var aggregator in new[] { first, second })
        {
            foreach (var (node, lines) in sent)
            {
                var stored = await aggregator.WaitForLinesAsync(node, l => l.Count >= LinesPerNode, $"{node} through {aggregator.ServerUrl}", seconds: 60);
                Assert.Equal(lines, stored.Select(l => l.Text));
            }

            var nodes = await aggregator.Http.GetFromJsonAsync<List<NodeDto>>("api/nodes", AggregatorProcess.Json);
            Assert.Equal(sent.Keys.Order(), nodes!.Select(x => x.Node).Where(sent.ContainsKey).Order());
            Assert.All(nodes!.Where(x => sent.ContainsKey(x.Node)), x => Assert.Equal(LinesPerNode, x.Lines));
        }
    }

    [Fact]
    public async Task A_standalone_receiver_forwards_to_an_aggregator_that_receives_nothing_itself()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "solo"), extraArgs: ["--postgres", postgres.ConnectionString, "--no-receiver"]);
        Assert.Contains("no embedded receiver", aggregator.Output, StringComparison.Ordinal);
        var udpPort = FreePorts.Next();
        await using var receiver = DaemonProcess.Start(
            "dotnet",
            [RepoPaths.ReceiverDll, "--seeds", aggregator.ClusterAddress, "--udp-port", udpPort.ToString(CultureInfo.InvariantCulture), "--udp-bind", "127.0.0.1"]);
        await Eventually.Get(
            () => Task.FromResult(receiver.HasExited ? throw new InvalidOperationException(receiver.Output) : receiver.Output.Contains("krglogs receiver up", StringComparison.Ordinal) ? "up" : null),
            _ => true,
            TimeSpan.FromSeconds(60),
            "the receiver starts");

        const string Node = "127.0.0.50";
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        var lines = Enumerable.Range(0, 20).Select(i => $"via the standalone receiver {i.ToString(CultureInfo.InvariantCulture)}").ToList();
        foreach (var line in lines)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), new IPEndPoint(IPAddress.Loopback, udpPort));
        }

        var stored = await aggregator.WaitForLinesAsync(Node, l => l.Count >= lines.Count, "lines through the standalone receiver\n" + receiver.Output, seconds: 60);
        Assert.Equal(lines, stored.Select(l => l.Text));
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
