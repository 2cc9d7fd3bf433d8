using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// Retention in a cluster: every aggregator writes its own copy of every node's file, so when the aggregator hosting
/// a node deletes its old events, the copies on the other aggregators lose those lines too (the trim goes out on the
/// cluster topic), while the lines the journal still holds stay in every copy. A single aggregator (SQLite) goes the
/// same way with itself as the only listener.
/// </summary>
public sealed class ClusterRetentionTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Node = "127.0.0.61";
    private const int RetainLines = 30;
    private const int LinesPerRound = 10;
    private const int RoundsBeforeRetention = 3; // 30 lines: nothing is beyond RetainLines yet
    private const int Rounds = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-cluster-retention-").FullName;
    private readonly List<string> _sent = [];

    // A snapshot after every event and at most 30 lines kept: each round of 10 lines pushes the oldest out.
    private static readonly string[] Retention = ["--NodeLog:SnapshotEvery", "1", "--NodeLog:RetainLines", RetainLines.ToString(CultureInfo.InvariantCulture)];

    [Fact]
    public async Task Every_aggregators_copy_of_a_nodes_file_loses_the_lines_retention_deleted_and_keeps_the_rest()
    {
        await using var first = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "a"), extraArgs: ["--postgres", postgres.ConnectionString, .. Retention]);
        await using var second = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "b"), extraArgs: ["--postgres", postgres.ConnectionString, "--seeds", first.ClusterAddress, .. Retention]);
        await EveryCopyIsTrimmedAsync([first, second]);
    }

    [Fact]
    public async Task A_single_aggregator_on_sqlite_trims_its_own_file_the_same_way()
    {
        await using var single = await AggregatorProcess.StartAsync(Path.Combine(_dir, "single"), extraArgs: Retention);
        await EveryCopyIsTrimmedAsync([single]);
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

    /// <summary>Lines to a node through the first aggregator until retention deletes the oldest, then every aggregator's copy of the file.</summary>
    private async Task EveryCopyIsTrimmedAsync(AggregatorProcess[] aggregators)
    {
        var first = aggregators[0];
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));

        for (var round = 1; round <= RoundsBeforeRetention; round++)
        {
            await SendRoundAsync(udp, first, round);
        }

        // Both copies hold the first lines before retention may touch them: what goes later was really there.
        foreach (var aggregator in aggregators)
        {
            await Eventually.Get(
                () => Task.FromResult<List<string>?>(Texts(aggregator)),
                file => file.Count == _sent.Count,
                Deadline,
                $"the file of {Node} under {aggregator.DataDir} holds the first {_sent.Count} lines");
        }

        for (var round = RoundsBeforeRetention + 1; round <= Rounds; round++)
        {
            await SendRoundAsync(udp, first, round);

            // Every copy has the round before the next one lets retention delete it: on a busy machine a projection
            // that lags behind a 30-line retention would otherwise never see some events (a gap, not a trim).
            foreach (var aggregator in aggregators)
            {
                await Eventually.Get(
                    () => Task.FromResult<List<string>?>(Texts(aggregator)),
                    file => file.LastOrDefault() == _sent[^1],
                    Deadline,
                    $"the file of {Node} under {aggregator.DataDir} holds round {round}");
            }
        }

        foreach (var aggregator in aggregators)
        {
            var file = await Eventually.Get(
                () => Task.FromResult<List<string>?>(Texts(aggregator)),
                file => !file.Contains(_sent[0]) && file.LastOrDefault() == _sent[^1],
                Deadline,
                $"the file of {Node} under {aggregator.DataDir} lost its oldest lines\n{aggregator.Output}");
            Assert.Equal(_sent[^file.Count..], file); // what is left is the newest part, in order
            Assert.True(file.Count >= RetainLines, $"{file.Count} lines left under {aggregator.DataDir}; the journal keeps at least {RetainLines}");
        }

        // In a cluster the node's one entity lives on one aggregator: the other copies can only have been trimmed from
        // the cluster topic. Each aggregator counts what it removed from its own copy.
        foreach (var aggregator in aggregators)
        {
            Assert.Contains($"trimmed from the file of node {Node}", aggregator.Output, StringComparison.Ordinal);
            var metrics = (await Metrics.ScrapeAsync(aggregator.Http))!;
            Assert.True(metrics.Value("krglogs_node_file_trims_total") >= 1, $"trims counted under {aggregator.DataDir}");
            Assert.True(metrics.Value("krglogs_node_file_trimmed_lines_total") >= LinesPerRound, $"trimmed lines counted under {aggregator.DataDir}");
            Assert.Equal(0, metrics.Value("krglogs_node_file_trim_failures_total"));
        }
    }

    /// <summary>Ten lines, then a wait until the entity stored them: each round is an event of its own (and a snapshot).</summary>
    private async Task SendRoundAsync(UdpClient udp, AggregatorProcess receiver, int round)
    {
        for (var i = 0; i < LinesPerRound; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"round {round:D2} line {i:D2}");
            _sent.Add(text);
            await udp.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), new IPEndPoint(IPAddress.Loopback, receiver.UdpPort));
        }

        await receiver.WaitForLinesAsync(Node, lines => lines.LastOrDefault()?.Text == _sent[^1], $"round {round} stored");
    }

    /// <summary>The lines of the node's file in the aggregator's data dir.</summary>
    private static List<string> Texts(AggregatorProcess aggregator) => NodeFileTexts.Read(Path.Combine(aggregator.DataDir, "logs", Node + ".log"));
}
