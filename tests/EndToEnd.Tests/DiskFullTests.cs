using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A real fault: the SQLite journal on a small tmpfs that fills up. Writes fail, the entity retries with back-off,
/// the receiver holds the batches, the process stays up; when space comes back every accepted line is stored.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string Node = "127.0.0.50";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-diskfull-").FullName;
    private string? _mounted;

    [Fact]
    public async Task A_full_disk_loses_no_accepted_line_and_everything_resumes_when_space_comes_back()
    {
        var disk = Path.Combine(_dir, "disk");
        Directory.CreateDirectory(disk);
        await ExternalCommand.RunAsync("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", disk); // needs root, as the suite runs
        _mounted = disk;

        await using var aggregator = await AggregatorProcess.StartAsync(
            Path.Combine(disk, "data"),
            extraArgs: ["--no-log-files", "true", "--NodeLog:RetryMinBackoff", "00:00:00.500", "--NodeLog:RetryMaxBackoff", "00:00:03"]);
        var target = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        using var node = new UdpClient(new IPEndPoint(IPAddress.Parse(Node), 0));
        async Task Send(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                await node.SendAsync(Encoding.UTF8.GetBytes($"[ {i,6}.000000] line {i}\n"), target);
            }
        }

        await Send(0, 50);
        await aggregator.WaitForLinesAsync(Node, l => l.Count == 50, "the first 50 lines stored");

        // Fill the file system to the last byte.
        var filler = Path.Combine(disk, "filler");
        await using (var fill = new FileStream(filler, FileMode.Create))
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (var i = 0; i < 24 * 16 + 16; i++)
                {
                    fill.Write(chunk);
                    fill.Flush();
                }

                Assert.Fail("24 MiB of tmpfs never filled up");
            }
            catch (IOException)
            {
                // full
            }
        }

        await Send(50, 100);
        await Eventually.Get(() => Task.FromResult<string?>(aggregator.Output), o => o.Contains("Persisting", StringComparison.Ordinal) && o.Contains("failed", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "a write failed for lack of space");
        var health = await aggregator.Http.GetAsync("healthz");
        Assert.NotNull(health); // the process answers during the fault

        File.Delete(filler);
        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Count == 150, "every line stored once space came back", seconds: 120);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"line {i}"), lines.Select(l => l.Text[(l.Text.IndexOf(']', StringComparison.Ordinal) + 2)..]));
        var figure = string.Create(CultureInfo.InvariantCulture, $"FIGURE faults: 1 injected (SQLite journal's tmpfs filled), 100 lines sent during it, 0 lost (150/150 stored after space came back)");
        output.WriteLine(figure);
        Console.WriteLine(figure);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted is not null)
        {
            await ExternalCommand.RunAsync("umount", "-l", _mounted);
        }

        Directory.Delete(_dir, recursive: true);
    }
}
