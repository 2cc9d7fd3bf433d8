using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests.Security;

/// <summary>Only 127.0.0.2 is allowed: 127.0.0.3's datagrams and connections are dropped, counted by source and logged.</summary>
public sealed class AllowListTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-allow-").FullName;

    [Fact]
    public async Task Traffic_from_outside_the_allow_list_is_dropped_and_counted_by_source()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(_dir, extraArgs: ["--allow", "127.0.0.2/32", "--allow", "10.99.0.0/16"]);
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);

        // The stranger first: one socket thread reads in order, so by the time 127.0.0.2's lines are in, these were judged.
        using (var stranger = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0)))
        {
            for (var i = 0; i < 5; i++)
            {
                await stranger.SendAsync(Encoding.UTF8.GetBytes($"from a stranger {i}\n"), target);
            }
        }

        using (var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0)))
        {
            await tcp.ConnectAsync(IPAddress.Loopback, aggregator.UdpPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes("<13>Nov 27 03:00:00 h app: over tcp from a stranger\n"));
            var buffer = new byte[16];
            using var closed = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                Assert.Equal(0, await stream.ReadAsync(buffer, closed.Token)); // closed by the receiver
            }
            catch (IOException)
            {
                // reset rather than closed: refused all the same
            }
        }

        var lines = Enumerable.Range(0, 5).Select(i => $"from the allowed node {i}").ToList();
        using (var allowed = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0)))
        {
            foreach (var line in lines)
            {
                await allowed.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), target);
            }
        }

        var stored = await aggregator.WaitForLinesAsync("127.0.0.2", l => l.Count >= lines.Count, "the allowed node's lines", seconds: 60);
        Assert.Equal(lines, stored.Select(l => l.Text));
        var nodes = await aggregator.GetJsonAsync<List<NodeSummary>>("api/nodes");
        Assert.DoesNotContain(nodes, n => n.Node == "127.0.0.3");

        var metrics = await aggregator.Http.GetStringAsync("metrics");
        Assert.Contains("krglogs_receiver_refused_total{source=\"127.0.0.3\"} 6\n", metrics, StringComparison.Ordinal);
        // The log line reaches the process's output after the counter moved: await it rather than read it at once.
        await Eventually.Get(
            () => Task.FromResult<string?>(aggregator.Output),
            // The first refusal of a source is logged once, by whichever of its UDP datagrams or TCP connection came first.
            output => output.Contains("traffic from 127.0.0.3: not in the allow-list", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            "the refusal is logged");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record NodeSummary(string Node, long Lines);
}
