using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The whole path, with real parts: a real aggregator process, `logger` and a raw UDP socket sending, the API and
/// the CLI reading, a Ctrl-C and a restart on the same data dir.
/// </summary>
public sealed class WalkingSkeletonTests : IAsyncLifetime
{
    private const string Node = "127.0.0.1";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-e2e-").FullName;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public sealed record NodeDto(string Node, DateTimeOffset LastSeen, long Lines);

    public sealed record LineDto(string Text, DateTimeOffset ReceivedAt);

    public sealed record LinesDto(string Node, List<LineDto> Lines, long LineCount);

    [Fact]
    public async Task Lines_from_logger_and_raw_udp_are_served_by_api_and_cli_and_survive_a_restart()
    {
        var split = $"split line {_tag} part one and part two";
        var fromLogger = $"hello from logger {_tag}";
        List<string> before;

        await using (var aggregator = await AggregatorProcess.StartAsync(_dataDir))
        {
            await Logger("--udp", "--rfc3164", "-n", "127.0.0.1", "-P", aggregator.UdpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "e2e", fromLogger);
            using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
                await udp.SendAsync(Encoding.UTF8.GetBytes($"split line {_tag} part one "), target);
                await udp.SendAsync(Encoding.UTF8.GetBytes("and part two\n"), target);
            }

            var lines = await Eventually.Get(
                () => TextsOf(aggregator),
                texts => texts.Contains(split) && texts.Any(t => t.Contains(fromLogger, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30),
                "both lines served by the API");
            before = lines;

            var nodes = await aggregator.GetJsonAsync<List<NodeDto>>("api/nodes");
            var node = Assert.Single(nodes, n => n.Node == Node);
            Assert.Equal(lines.Count, node.Lines);

            var cliNodes = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "nodes");
            Assert.Equal(0, cliNodes.ExitCode);
            Assert.Contains(Node, cliNodes.Stdout, StringComparison.Ordinal);

            var cliTail = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "tail", Node, "-n", "50");
            Assert.Equal(0, cliTail.ExitCode);
            Assert.Contains(split, cliTail.Stdout, StringComparison.Ordinal);
            Assert.Contains(fromLogger, cliTail.Stdout, StringComparison.Ordinal);

            var missing = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "tail", "no-such-node");
            Assert.Equal(3, missing.ExitCode);

            Assert.Equal(0, await aggregator.StopAsync(TimeSpan.FromSeconds(30)));
        }

        await using (var restarted = await AggregatorProcess.StartAsync(_dataDir))
        {
            var after = await TextsOf(restarted);
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public async Task Bad_parameters_and_unknown_nodes_get_clear_json_errors()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(_dataDir);

        using var badTail = await aggregator.Http.GetAsync("api/nodes/127.0.0.1/lines?tail=0");
        Assert.Equal(HttpStatusCode.BadRequest, badTail.StatusCode);
        Assert.Contains("\"error\"", await badTail.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await aggregator.Http.GetAsync("api/nodes/10.9.9.9/lines");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("10.9.9.9", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_follow_prints_a_line_sent_after_it_started()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(_dataDir);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        await udp.SendAsync(Encoding.UTF8.GetBytes("before follow\n"), target);
        await aggregator.WaitForLinesAsync("127.0.0.9", l => l.Count == 1, "the first line");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { RepoPaths.CliDll, "--server", aggregator.ServerUrl, "tail", "127.0.0.9", "-f" })
        {
            start.ArgumentList.Add(arg);
        }

        using var follower = Process.Start(start)!;
        try
        {
            Assert.EndsWith("before follow", await follower.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
            var fresh = $"after follow {_tag} \u001b[2J";
            await udp.SendAsync(Encoding.UTF8.GetBytes(fresh + "\n"), target);

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var next = await follower.StandardOutput.ReadLineAsync(deadline.Token);
            Assert.EndsWith($"after follow {_tag} \\x1b[2J", next, StringComparison.Ordinal);
        }
        finally
        {
            follower.Kill();
        }
    }

    private static async Task<List<string>?> TextsOf(AggregatorProcess aggregator)
    {
        using var response = await aggregator.Http.GetAsync($"api/nodes/{Node}/lines?tail=1000");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<LinesDto>(response.Content, AggregatorProcess.Json);
        return body!.Lines.Select(l => l.Text).ToList();
    }

    private static async Task Logger(params string[] args)
    {
        var start = new ProcessStartInfo("logger") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "logger failed: " + await process.StandardError.ReadToEndAsync());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
