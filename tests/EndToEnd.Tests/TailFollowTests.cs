using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// <c>krglogs tail NODE -f</c> on the live stream: lines sent after it started appear exactly once and in order,
/// also across a restart of the aggregator, including lines stored while the CLI was still reconnecting (it resumes
/// after the last line it printed).
/// </summary>
public sealed class TailFollowTests : IAsyncLifetime
{
    private const string Node = "127.0.0.19";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-tail-follow-").FullName;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Lines_appear_once_in_order_across_a_server_restart()
    {
        var aggregator = await AggregatorProcess.StartAsync(_dataDir);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        await udp.SendAsync(Encoding.UTF8.GetBytes($"before {_tag}\n"), target);
        await aggregator.WaitForLinesAsync(Node, l => l.Count == 1, "the first line");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepoPaths.CliDll, "--server", aggregator.ServerUrl, "tail", Node, "-n", "1", "-f" })
        {
            start.ArgumentList.Add(arg);
        }

        using var follower = Process.Start(start)!;
        _ = follower.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var printed = new List<string>();
        async Task ReadUntil(string last)
        {
            while (printed.Count == 0 || !printed[^1].EndsWith(last, StringComparison.Ordinal))
            {
                printed.Add(await follower.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("tail -f ended"));
            }
        }

        try
        {
            await ReadUntil($"before {_tag}");
            for (var i = 1; i <= 5; i++)
            {
                await udp.SendAsync(Encoding.UTF8.GetBytes($"live {_tag} {i:D2}\n"), target);
            }

            await ReadUntil($"live {_tag} 05");

            await aggregator.StopAsync(Wait);
            await aggregator.DisposeAsync();
            aggregator = await AggregatorProcess.StartAsync(_dataDir, aggregator.UdpPort, aggregator.HttpPort, aggregator.ClusterPort);
            // Stored while the CLI may still be waiting to reconnect: it must get them from the journal.
            await udp.SendAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(6, 3).Select(i => $"live {_tag} {i:D2}\n"))), target);
            await aggregator.WaitForLinesAsync(Node, l => l.Any(x => x.Text == $"live {_tag} 08"), "lines after the restart");
            for (var i = 9; i <= 10; i++)
            {
                await udp.SendAsync(Encoding.UTF8.GetBytes($"live {_tag} {i:D2}\n"), target);
            }

            await ReadUntil($"live {_tag} 10");
        }
        finally
        {
            follower.Kill();
            await aggregator.DisposeAsync();
        }

        string[] expected = [$"before {_tag}", .. Enumerable.Range(1, 10).Select(i => $"live {_tag} {i:D2}")];
        Assert.Equal(expected.Length, printed.Count);
        Assert.All(expected.Zip(printed), pair => Assert.EndsWith(pair.First, pair.Second, StringComparison.Ordinal));
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
