using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// Per-node fairness on the real process: a node sending 20× its neighbours is held to its quota, its excess counted
/// in /metrics; the neighbours lose nothing. And a node whose clocks jump keeps its lines in receive order.
/// </summary>
public sealed partial class FloodTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const int LinesPerSecond = 200;
    private const int NormalLines = 100;
    private const int FloodLines = 20 * NormalLines;
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-flood-").FullName;

    [Fact]
    public async Task A_flooding_node_is_held_to_its_quota_and_its_neighbours_lose_nothing()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "data"),
            extraArgs: ["--Quota:LinesPerSecond", LinesPerSecond.ToString(CultureInfo.InvariantCulture), "--Quota:BurstSeconds", "1", "--no-log-files", "true"]);
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        var normal = Enumerable.Range(31, 4).Select(i => new UdpClient(new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), 0))).ToList();
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.30"), 0));

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < FloodLines; i++)
        {
            await flooder.SendAsync(Encoding.UTF8.GetBytes($"[ {i,6}.000000] flood {i}\n"), target);
            if (i % 20 == 0)
            {
                foreach (var node in normal)
                {
                    await node.SendAsync(Encoding.UTF8.GetBytes($"[ {i,6}.000000] normal {i / 20}\n"), target);
                }
            }
        }

        var sending = clock.Elapsed.TotalSeconds;
        normal.ForEach(n => n.Dispose());

        for (var i = 31; i <= 34; i++)
        {
            var lines = await aggregator.WaitForLinesAsync($"127.0.0.{i}", l => l.Count == NormalLines, $"node 127.0.0.{i} has all {NormalLines} lines");
            Assert.Equal(Enumerable.Range(0, NormalLines).Select(n => $"normal {n}"), lines.Select(l => l.Text[(l.Text.IndexOf(']', StringComparison.Ordinal) + 2)..]));
        }

        // Every flood datagram is either stored or counted as dropped for the quota.
        var (accepted, dropped) = await Eventually.Get(
            async () =>
            {
                var metrics = await aggregator.Http.GetStringAsync("metrics");
                using var status = System.Text.Json.JsonDocument.Parse(await aggregator.Http.GetStringAsync("api/nodes/127.0.0.30"));
                return new FloodCount(status.RootElement.GetProperty("lines").GetInt64(), Metric(metrics, "krglogs_node_dropped_lines_total", "127.0.0.30"));
            },
            v => v.Accepted + v.Dropped == FloodLines,
            TimeSpan.FromSeconds(30),
            "flooder's lines stored + dropped = sent");
        var elapsed = clock.Elapsed.TotalSeconds; // the receiver took them in within this, whatever its lag
        var bound = LinesPerSecond * 1 + (LinesPerSecond * elapsed) + 1;
        Assert.InRange(accepted, LinesPerSecond - 1, bound);
        var line = string.Create(CultureInfo.InvariantCulture, $"FIGURE flood: flooder sent {FloodLines} (20x its neighbours) in {sending:F2}s (all taken in within {elapsed:F1}s), {accepted} accepted (quota {LinesPerSecond}/s + burst: at most {bound:F0}), {dropped} dropped and counted (reason quota); 4 neighbours {NormalLines}/{NormalLines} each; ratio held {accepted / (double)NormalLines:F1}x instead of 20x");
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact]
    public async Task Clock_jumps_on_a_node_never_reorder_its_log()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(Path.Combine(_dir, "data-clock"), extraArgs: ["--no-log-files", "true"]);
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        using var node = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.40"), 0));

        // Kernel time resets to 0, syslog dates far in the future and in the past, interleaved: order is receive order.
        string[] sent =
        [
            "[ 5000.000000] step 0",
            "<13>1 2099-01-01T00:00:00Z h app - - - step 1",
            "[    0.000001] step 2",
            "<13>Jan  1 00:00:00 h app: step 3",
            "<13>1 1971-01-01T00:00:00Z h app - - - step 4",
            "[ 9999.000000] step 5",
            "[    1.000000] step 6",
        ];
        for (var i = 0; i < sent.Length; i++)
        {
            await node.SendAsync(Encoding.UTF8.GetBytes(sent[i] + (sent[i].StartsWith('<') ? string.Empty : "\n")), target);
            await aggregator.WaitForLinesAsync("127.0.0.40", l => l.Count == i + 1, $"line {i} stored"); // one at a time: receive order is known
        }

        var lines = await aggregator.WaitForLinesAsync("127.0.0.40", l => l.Count == sent.Length, "all lines");
        Assert.Equal(Enumerable.Range(0, sent.Length).Select(i => $"step {i}"), lines.Select(l => l.Text[^6..]));
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.First.ReceivedAt <= p.Second.ReceivedAt));
        var figure = $"FIGURE clock jumps: {sent.Length} lines with kernel time resets and syslog dates in 2099 and 1971 kept in receive order";
        output.WriteLine(figure);
        Console.WriteLine(figure);
    }

    private sealed record FloodCount(long Accepted, long Dropped);

    private static long Metric(string metrics, string family, string node)
    {
        var match = Regex.Match(metrics, $"^{family}\\{{node=\"{Regex.Escape(node)}\",reason=\"quota\"\\}} (\\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
