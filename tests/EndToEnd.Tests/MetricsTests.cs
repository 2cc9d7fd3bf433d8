using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// <c>GET /metrics</c> against a real aggregator that only this test sends to, so receiver counts can be exact; the
/// page is parsed as Prometheus would, and compared with what the API says per node.
/// </summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private const string Noisy = "127.0.0.31";
    private const string Quiet = "127.0.0.32";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-e2e-metrics-").FullName;
    private AggregatorProcess _aggregator = null!;

    public sealed record StatusDto(string Node, long Lines, long Crashes, Dictionary<string, long> Counters);

    public async ValueTask InitializeAsync() => _aggregator = await AggregatorProcess.StartAsync(_dataDir);

    public async ValueTask DisposeAsync()
    {
        await _aggregator.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Metrics_count_every_datagram_and_match_the_api_per_node_with_malformed_input_on_the_right_node()
    {
        var sent = 0;
        sent += await SendAsync(Noisy, [
            .. Lines("noisy", 1, 5),
            [0x00, 0x01, 0x02, 0x00, (byte)'x'],
            [(byte)'a', 0x00, (byte)'b', (byte)'\n'],
            .. Lines("noisy", 6, 10),
        ]);
        sent += await SendAsync(Quiet, Lines("quiet", 1, 4));

        var noisy = await WaitForStatusAsync(Noisy, s => s.Counters.GetValueOrDefault("netconsole.malformed.nulByte") >= 2 && s.Lines >= 12);
        var quiet = await WaitForStatusAsync(Quiet, s => s.Lines >= 4);
        Assert.NotNull(await _aggregator.WaitForLinesAsync(Noisy, l => l.Any(x => x.Text == "[   10.000000] noisy line 10"), "last noisy line"));

        using var response = await _aggregator.Http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        var page = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(sent, Value(page, "krglogs_receiver_datagrams_total"));
        Assert.True(Value(page, "krglogs_receiver_bytes_total") > 0);
        Assert.True(Value(page, "krglogs_receiver_batches_sent_total") >= 1);
        Assert.Equal(noisy.Lines, Value(page, "krglogs_node_lines_total", ("node", Noisy)));
        Assert.Equal(quiet.Lines, Value(page, "krglogs_node_lines_total", ("node", Quiet)));
        Assert.Equal(noisy.Counters["netconsole.malformed.nulByte"], Value(page, "krglogs_node_netconsole_malformed_total", ("node", Noisy), ("reason", "nulByte")));
        Assert.Equal(0, page.Where(s => s.Name == "krglogs_node_netconsole_malformed_total" && s.Labels["node"] == Quiet).Sum(s => s.Value));
        Assert.True(Value(page, "krglogs_node_last_seen_age_seconds", ("node", Quiet)) >= 0);
        Assert.Equal(0, Value(page, "krglogs_node_crashes_total", ("node", Quiet)));
        Assert.Equal(2, Value(page, "krglogs_nodes_known"));
        Assert.Equal(0, page.Where(s => s.Name == "krglogs_metrics_nodes_skipped_total").Sum(s => s.Value));
        Assert.True(Value(page, "krglogs_process_uptime_seconds") > 0);

        // The journal's group commit: its WAL is fsynced on a timer and before the per-node files store an offset.
        var synced = await Eventually.Get(() => Metrics.ScrapeAsync(_aggregator.Http), m => m?.Value("krglogs_journal_syncs_total") >= 1, TimeSpan.FromSeconds(30), "the journal's WAL is synced");
        Assert.Equal(0, synced!.Value("krglogs_journal_sync_failures_total"));
    }

    private static List<byte[]> Lines(string who, int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"[{i,5}.000000] {who} line {i}\n")))];

    /// <summary>Bound to the node's address before sending: the aggregator names a node by its source address.</summary>
    private async Task<int> SendAsync(string source, List<byte[]> datagrams)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        var target = new IPEndPoint(IPAddress.Loopback, _aggregator.UdpPort);
        foreach (var datagram in datagrams)
        {
            await udp.SendAsync(datagram, target);
        }

        return datagrams.Count;
    }

    private Task<StatusDto> WaitForStatusAsync(string node, Func<StatusDto, bool> done) =>
        Eventually.Get(
            async () =>
            {
                using var response = await _aggregator.Http.GetAsync($"api/nodes/{node}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<StatusDto>(AggregatorProcess.Json) : null;
            },
            done,
            TimeSpan.FromSeconds(30),
            $"node {node} stored its lines and counted its input");

    private static double Value(List<(string Name, Dictionary<string, string> Labels, double Value)> page, string name, params (string Name, string Value)[] labels)
    {
        var matches = page.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).ToList();
        Assert.True(matches.Count == 1, $"expected one sample {name}{{{string.Join(',', labels)}}}, found {matches.Count}");
        return matches[0].Value;
    }

    /// <summary>
    /// A strict reader of text format 0.0.4: every sample's family has HELP and TYPE first, each once, and a family's
    /// samples are contiguous; label values are unescaped.
    /// </summary>
    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var help = HelpLine().Match(line);
            var type = TypeLine().Match(line);
            if (help.Success)
            {
                Assert.True(helped.Add(help.Groups[1].Value), "HELP twice: " + line);
                continue;
            }

            if (type.Success)
            {
                var family = type.Groups[1].Value;
                Assert.True(typed.TryAdd(family, type.Groups[2].Value), "TYPE twice: " + line);
                Assert.Contains(family, helped);
                if (current is not null)
                {
                    closed.Add(current);
                }

                current = family;
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, "not a sample line: " + line);
            var name = sample.Groups[1].Value;
            // A histogram's samples are its name plus _bucket, _sum or _count.
            var isHistogramPart = current is not null && typed[current] == "histogram"
                && name is var n && (n == current + "_bucket" || n == current + "_sum" || n == current + "_count");
            Assert.True((name == current || isHistogramPart) && !closed.Contains(current!), $"sample {name} outside its family block");
            name = isHistogramPart ? current! : name;
            if (typed[name] == "counter")
            {
                Assert.EndsWith("_total", name, StringComparison.Ordinal);
            }

            var value = sample.Groups[3].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add((name, ParseLabels(sample.Groups[2].Value), value));
        }

        return samples;
    }

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var name = text[i..eq];
            Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", name);
            Assert.Equal('"', text[eq + 1]);
            var value = new StringBuilder();
            i = eq + 2;
            while (text[i] != '"')
            {
                if (text[i] == '\\')
                {
                    i++;
                    value.Append(text[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', var c => throw new FormatException($"bad escape \\{c}") });
                }
                else
                {
                    value.Append(text[i]);
                }

                i++;
            }

            Assert.True(labels.TryAdd(name, value.ToString()), "label twice: " + name);
            i++;
            if (i < text.Length)
            {
                Assert.Equal(',', text[i]);
                i++;
            }
        }

        return labels;
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")]
    private static partial Regex SampleLine();
}
