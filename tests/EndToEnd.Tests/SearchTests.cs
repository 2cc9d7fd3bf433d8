using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>Search and range reads on the default index: SQLite FTS5 beside the journal.</summary>
public sealed class SearchTests(SearchTests.SqliteCorpus corpus) : SearchChecks(corpus), IClassFixture<SearchTests.SqliteCorpus>
{
    public sealed class SqliteCorpus : Corpus;
}

/// <summary>The same checks on a clustered set-up's index: a table with a pg_trgm index in a private PostgreSQL.</summary>
public sealed class PostgresSearchTests(PostgresSearchTests.PostgresCorpus corpus) : SearchChecks(corpus), IClassFixture<PostgresSearchTests.PostgresCorpus>
{
    public sealed class PostgresCorpus : Corpus
    {
        private readonly PostgresServer _postgres = new();

        protected override async ValueTask<string[]> ArgumentsAsync()
        {
            await _postgres.InitializeAsync();
            return ["--postgres", _postgres.ConnectionString];
        }

        protected override ValueTask DisposeMoreAsync() => _postgres.DisposeAsync();
    }
}

/// <summary>
/// Search and range reads against a real aggregator: known lines sent over UDP from two node addresses and through
/// `logger` (syslog), then every answer compared with a plain filter over what was sent.
/// </summary>
public abstract class SearchChecks(SearchChecks.Corpus corpus)
{
    public const string NodeA = "127.0.0.61";
    public const string NodeB = "127.0.0.62";

    /// <summary>One aggregator and the lines sent to it, in sending order per node.</summary>
    public abstract class Corpus : IAsyncLifetime
    {
        private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-search-").FullName;

        protected virtual ValueTask<string[]> ArgumentsAsync() => ValueTask.FromResult<string[]>([]);

        public AggregatorProcess Aggregator { get; private set; } = null!;

        public string Tag { get; } = "srch" + Guid.NewGuid().ToString("N")[..8];

        /// <summary>Every line with its node, as the index holds it (received times from the API).</summary>
        public List<ApiHit> Stored { get; private set; } = [];

        public List<(string Node, string Text)> Sent { get; } = [];

        public async ValueTask InitializeAsync()
        {
            Aggregator = await AggregatorProcess.StartAsync(_dataDir, extraArgs: await ArgumentsAsync());
            foreach (var node in new[] { NodeA, NodeB })
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(node), 0));
                var target = new IPEndPoint(IPAddress.Loopback, Aggregator.UdpPort);
                for (var i = 0; i < 60; i++)
                {
                    var text = $"{Tag} {node[^1]} {i:D4} " + (i % 5) switch
                    {
                        0 => "usb 1-1: USB disconnect, device number 3",
                        1 => "Oops: general protection fault",
                        2 => "eth0: link up",
                        _ => "ordinary line",
                    };
                    Sent.Add((node, text));
                    await udp.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), target);
                }
            }

            for (var i = 0; i < 5; i++)
            {
                var text = $"{Tag} syslog message {i}";
                Sent.Add(("127.0.0.1", text));
                await ExternalCommand.RunAsync("logger", ["--udp", "--rfc3164", "-n", "127.0.0.1", "-P", Aggregator.UdpPort.ToString(CultureInfo.InvariantCulture), "-t", "srchtest", text]);
            }

            Stored = await Aggregator.WaitForHitsAsync("q=" + Tag + "&limit=1000", Sent.Count);
        }

        public async ValueTask DisposeAsync()
        {
            await Aggregator.DisposeAsync();
            await DisposeMoreAsync();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
            }

            GC.SuppressFinalize(this);
        }

        /// <summary>What a derived corpus started besides the aggregator (a database server).</summary>
        protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;
    }

    private AggregatorProcess Aggregator => corpus.Aggregator;

    private string Tag => corpus.Tag;

    private static string Q(string text) => Uri.EscapeDataString(text);

    /// <summary>The stored lines a filter keeps, newest first, as (node, text).</summary>
    private List<(string, string)> Expected(Func<ApiHit, bool> keep) =>
        [.. corpus.Stored.Where(keep).Select(h => (h.Node, h.Text))];

    private static List<(string, string)> Pairs(IEnumerable<ApiHit> hits) => [.. hits.Select(h => (h.Node, h.Text))];

    [Fact]
    public void Everything_sent_is_found_once_newest_first_with_its_fields()
    {
        Assert.Equal(corpus.Sent.Order(), Pairs(corpus.Stored).Order());
        Assert.Equal(corpus.Stored.Count, corpus.Stored.Select(h => (h.Node, h.Text)).Distinct().Count());
        // Newest first by block: a node's lines to the millisecond; across nodes, a line is never more than a block's
        // span (1 s) newer than one listed before it.
        foreach (var node in corpus.Stored.GroupBy(h => h.Node))
        {
            var millis = node.Select(h => h.ReceivedAt.ToUnixTimeMilliseconds()).ToList();
            Assert.Equal(millis.OrderDescending(), millis);
        }

        DateTimeOffset? oldestSoFar = null;
        foreach (var hit in corpus.Stored)
        {
            Assert.True(oldestSoFar is not { } before || hit.ReceivedAt <= before.AddSeconds(1), $"{hit.ReceivedAt:O} listed after {oldestSoFar:O}");
            oldestSoFar = oldestSoFar is { } o && o < hit.ReceivedAt ? o : hit.ReceivedAt;
        }
        var syslog = corpus.Stored.First(h => h.Text.Contains("syslog message", StringComparison.Ordinal));
        Assert.Equal(("syslog", "srchtest"), (syslog.Stream, syslog.App));
    }

    [Fact]
    public async Task Substring_is_case_insensitive_and_paging_covers_every_hit_exactly_once()
    {
        var hits = await Aggregator.SearchAllAsync($"q={Q("usb disconnect")}&limit=7");
        var expected = Expected(h => h.Text.Contains("USB disconnect", StringComparison.Ordinal));
        Assert.Equal(24, expected.Count);
        Assert.Equal(expected, Pairs(hits));
    }

    [Fact]
    public async Task Regex_node_stream_and_time_filters_agree_with_what_was_sent()
    {
        var pattern = Tag + @" \d 00[0-3]\d Oops";
        Assert.Equal(
            Expected(h => Regex.IsMatch(h.Text, pattern)),
            Pairs(await Aggregator.SearchAllAsync($"q={Q(pattern)}&re=true&limit=5")));
        Assert.Equal(
            Expected(h => h.Node == NodeB && h.Text.Contains("link up", StringComparison.Ordinal)),
            Pairs(await Aggregator.SearchAllAsync($"q={Q("link up")}&node={NodeB}")));
        Assert.Equal(
            Expected(h => h.Stream == "syslog" && h.Text.StartsWith(Tag, StringComparison.Ordinal)),
            Pairs(await Aggregator.SearchAllAsync($"q={Tag}&stream=syslog")));

        var times = corpus.Stored.Select(h => h.ReceivedAt).Order().ToList();
        var (from, to) = (times[times.Count / 4], times[times.Count * 3 / 4]);
        Assert.Equal(
            Expected(h => h.ReceivedAt >= from && h.ReceivedAt < to),
            Pairs(await Aggregator.SearchAllAsync($"q={Tag}&from={Q(from.ToString("O"))}&to={Q(to.ToString("O"))}&limit=9")));
    }

    [Fact]
    public async Task A_bad_regex_or_parameter_is_a_400_with_a_message()
    {
        foreach (var query in new[] { "q=(&re=true", "q=x&limit=0", "q=x&after=nonsense", "q=x&from=yesterday" })
        {
            using var response = await Aggregator.Http.GetAsync("api/search?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task A_node_range_pages_oldest_first_and_the_tail_still_comes_from_the_entity()
    {
        var nodeLines = corpus.Stored.Where(h => h.Node == NodeA).Reverse().ToList();
        var from = nodeLines[10].ReceivedAt;
        var range = await Aggregator.RangeAllAsync(NodeA, $"from={Q(from.ToString("O"))}&limit=8");
        Assert.Equal(nodeLines.Where(h => h.ReceivedAt >= from).Select(h => h.Text), range.Select(l => l.Text));

        var newest = await Aggregator.RangeAllAsync(NodeA, "order=desc&limit=25");
        Assert.Equal(nodeLines.Select(h => h.Text).Reverse(), newest.Select(l => l.Text));

        var tail = await Aggregator.TailAsync(NodeA, 5);
        Assert.Equal(nodeLines.TakeLast(5).Select(h => h.Text), tail!.Select(l => l.Text));
    }

    [Fact]
    public async Task The_cli_searches_and_reads_ranges()
    {
        var search = await CliProcess.RunAsync("--server", Aggregator.ServerUrl, "search", "general protection", "--node", NodeA, "--limit", "5");
        Assert.Equal(0, search.ExitCode);
        var expected = Expected(h => h.Node == NodeA && h.Text.Contains("general protection", StringComparison.Ordinal)).Take(5).ToList();
        Assert.Equal(expected.Select(e => $" {NodeA} {e.Item2}"), search.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[l.IndexOf(' ', StringComparison.Ordinal)..]));

        var regex = await CliProcess.RunAsync("--server", Aggregator.ServerUrl, "search", Tag + @" \d 001[0-9] ", "--re", "--json", "--limit", "1000");
        Assert.Equal(0, regex.ExitCode);
        var hits = regex.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<ApiHit>(l, AggregatorProcess.Json)!).ToList();
        Assert.Equal(Expected(h => Regex.IsMatch(h.Text, Tag + @" \d 001[0-9] ")), Pairs(hits));

        var from = corpus.Stored.Where(h => h.Node == NodeB).Min(h => h.ReceivedAt).AddTicks(-10).ToString("O");
        var lines = await CliProcess.RunAsync("--server", Aggregator.ServerUrl, "lines", NodeB, "--from", from, "--limit", "1000");
        Assert.Equal(0, lines.ExitCode);
        Assert.Equal(
            corpus.Sent.Where(s => s.Node == NodeB).Select(s => s.Text),
            lines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));

        var bad = await CliProcess.RunAsync("--server", Aggregator.ServerUrl, "search", "(", "--re");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("regular expression", bad.Stderr, StringComparison.Ordinal);
    }
}
