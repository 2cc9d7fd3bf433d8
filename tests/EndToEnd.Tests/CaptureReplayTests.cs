using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The real captures of a real Linux 6.1 kernel's netconsole (../shared/captures), replayed datagram by datagram
/// over UDP into the running aggregator: the node's kernel lines read like the node's serial console.
/// </summary>
public sealed class CaptureReplayTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>
{
    private static string Captures => Path.Combine(RepoPaths.Shared, "captures");

    [Fact]
    public async Task Plain_netconsole_capture_reads_like_the_serial_console()
    {
        const string Node = "127.0.0.2";
        var serial = SerialKernelLines("plain.serial.log");

        await Replay("plain.jsonl", Node);

        var lines = await fixture.Aggregator.WaitForLinesAsync(
            Node, l => l.Count >= serial.Count && l[^1].Text == serial[^1], "the plain capture up to its last serial line");
        var texts = lines.Select(l => l.Text).ToList();
        AssertSubsequence(serial, texts);
        Assert.Equal(serial.Count + 13, texts.Count); // the 13 KERN_DEBUG lines the serial console never printed
        Assert.All(lines, l => Assert.Equal("kernel", l.Stream));
        Assert.Contains(lines, l => l.Text.Contains("Kernel panic - not syncing: sysrq triggered crash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extended_netconsole_capture_records_equal_the_serial_console_text()
    {
        const string Node = "127.0.0.3";
        var serial = SerialKernelLines("extended.serial.log").Select(StripTime).ToList();

        await Replay("extended.jsonl", Node);

        var lines = await fixture.Aggregator.WaitForLinesAsync(
            Node, l => l.Count > 0 && l[^1].Text == serial[^1], "the extended capture up to its last serial line");
        var texts = lines.Select(l => l.Text).ToList();
        var first = serial.IndexOf(texts[0]);
        Assert.True(first >= 0, $"first record '{texts[0]}' is not on the serial console");
        Assert.Equal(serial.Skip(first).ToList(), texts);
        Assert.All(lines, l => Assert.NotNull(l.Seq));
        Assert.Equal(lines.Select(l => l.Seq), lines.Select(l => l.Seq).Order());
    }

    private Task Replay(string capture, string source) => CaptureReplay.SendAsync(capture, source, fixture.Aggregator.UdpPort);

    private static List<string> SerialKernelLines(string file) =>
        [.. File.ReadLines(Path.Combine(Captures, file)).Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('['))];

    private static string StripTime(string line)
    {
        var close = line.IndexOf("] ", StringComparison.Ordinal);
        return close < 0 ? line : line[(close + 2)..];
    }

    private static void AssertSubsequence(List<string> expected, List<string> actual)
    {
        var e = 0;
        foreach (var text in actual)
        {
            if (e < expected.Count && expected[e] == text)
            {
                e++;
            }
        }

        Assert.True(e == expected.Count, $"serial line {e} not found in order: {(e < expected.Count ? expected[e] : string.Empty)}");
    }
}
