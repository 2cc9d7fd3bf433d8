using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>Per-node files: written in order, reopened after logrotate's move + SIGHUP, resumed across a restart.</summary>
public sealed class NodeFilesTests : IAsyncDisposable
{
    private const string NodeA = "127.0.0.21";
    private const string NodeB = "127.0.0.22";
    private const int SigHup = 1;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-files-").FullName;
    private AggregatorProcess? _aggregator;

    private string LogDir => Path.Combine(_dataDir, "logs");

    [Fact]
    public async Task Lines_land_in_per_node_files_in_order_survive_a_rotation_and_a_restart_without_gaps_or_repeats()
    {
        _aggregator = await AggregatorProcess.StartAsync(_dataDir);
        var fileA = Path.Combine(LogDir, NodeA + ".log");
        var fileB = Path.Combine(LogDir, NodeB + ".log");

        await SendAsync(NodeA, "a", 1, 50);
        await SendAsync(NodeB, "b", 1, 50);
        Assert.Equal(Numbered("a", 1, 50), await WaitForTextsAsync(fileA, 50));
        Assert.Equal(Numbered("b", 1, 50), await WaitForTextsAsync(fileB, 50));
        var first = File.ReadLines(fileA).First();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z 127\.0\.0\.21 kernel(\.\w+)?: a 0001$", first);

        // logrotate: move the file away, then SIGHUP; the next lines go to a new file at the old path.
        var rotated = fileA + ".1";
        File.Move(fileA, rotated);
        await _aggregator.SignalAsync(SigHup);
        await SendAsync(NodeA, "a", 51, 100);
        Assert.Equal(Numbered("a", 51, 100), await WaitForTextsAsync(fileA, 50));
        Assert.Equal(Numbered("a", 1, 50), Texts(rotated));
        await _aggregator.WaitHealthyAsync(Deadline);

        // Restart on the same data dir: the stored offset resumes exactly after what the files hold.
        Assert.Equal(0, await _aggregator.StopAsync(Deadline));
        await _aggregator.DisposeAsync();
        _aggregator = await AggregatorProcess.StartAsync(_dataDir);
        await SendAsync(NodeA, "a", 101, 150);
        await SendAsync(NodeB, "b", 51, 80);
        Assert.Equal(Numbered("a", 51, 150), await WaitForTextsAsync(fileA, 100));
        Assert.Equal(Numbered("b", 1, 80), await WaitForTextsAsync(fileB, 80));
        Assert.Equal(Numbered("a", 1, 50), Texts(rotated));
    }

    public async ValueTask DisposeAsync()
    {
        if (_aggregator is not null)
        {
            await _aggregator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static List<string> Numbered(string prefix, int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => $"{prefix} {i.ToString("D4", CultureInfo.InvariantCulture)}")];

    private static List<string> Texts(string path) => NodeFileTexts.Read(path);

    /// <summary>Waits until the file holds at least <paramref name="count"/> lines, then gives a little slack for extras to show.</summary>
    private static async Task<List<string>> WaitForTextsAsync(string path, int count)
    {
        await Eventually.Get(() => Task.FromResult<int?>(Texts(path).Count), n => n >= count, Deadline, $"{path} has {count} lines");
        return Texts(path);
    }

    private async Task SendAsync(string source, string prefix, int from, int to)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        var target = new IPEndPoint(IPAddress.Loopback, _aggregator!.UdpPort);
        foreach (var text in Numbered(prefix, from, to))
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(text + "\n"), target);
        }
    }
}
