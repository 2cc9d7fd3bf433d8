using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class CaptureReplayTests
{
    [Fact]
    public void Plain_capture_holds_every_serial_kernel_line_in_order_plus_the_13_debug_extras()
    {
        var lines = Decode(Captures.Load("plain.jsonl"));
        var serial = Captures.SerialKernelLines("plain.serial.log");
        var extraCount = ExtraCount("plain.summary.txt");
        var listed = ExtrasListed("plain.summary.txt");
        Assert.Equal(13, extraCount);

        Assert.All(lines, l => Assert.Equal(LineFlags.None, l.Flags));
        var texts = lines.Select(l => l.Text).ToList();
        var unmatched = UnmatchedAfterSubsequence(serial, texts);
        Assert.Equal(extraCount, unmatched.Count);
        Assert.Equal(listed, unmatched.Where(listed.Contains).Take(listed.Count).ToList());
        Assert.Equal(serial.Count + 13, texts.Count);

        // The prefix is kept in the text and parsed into the field.
        Assert.Equal(0, lines[0].KernelTimeUs);
        Assert.StartsWith("[    0.000000] Linux version 6.1.0-56-amd64", lines[0].Text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.KernelTimeUs == 7_210_363 && l.Text.EndsWith("Kernel panic - not syncing: sysrq triggered crash", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Equal(0, l.Boot));
    }

    [Fact]
    public void Extended_capture_records_equal_the_serial_text_after_the_time_prefix()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Decode(Captures.Load("extended.jsonl"), decoder);
        var serial = Captures.SerialKernelLines("extended.serial.log").Select(StripTime).ToList();

        Assert.All(lines, l => Assert.Equal(LineFlags.None, l.Flags));
        var texts = lines.Select(l => l.Text).ToList();
        var first = serial.IndexOf(texts[0]);
        Assert.True(first >= 0, "first record not on serial");
        Assert.Equal(serial.Skip(first).ToList(), texts);

        Assert.Equal(367, lines[0].Seq);
        Assert.Equal(6, lines[0].Level);
        Assert.Equal(1, lines[0].Facility);
        Assert.Equal(6_125_124, lines[0].KernelTimeUs);
        Assert.Equal(3, lines.Count(l => l.Seq == 377));
        Assert.Contains(lines, l => l.Seq == 379 && l.Text.Contains("tab[\t]", StringComparison.Ordinal) && l.Text.Contains(new string('\\', 600), StringComparison.Ordinal));
        Assert.Equal("piix4_smbus 0000:00:01.3: SMBus Host Controller at 0x700, revision 0", lines.Single(l => l.Seq == 380).Text);
        Assert.Equal(0, decoder.Counters.Malformed);
        Assert.Equal(0, decoder.Counters.DuplicatesDropped);
        Assert.Equal(0, decoder.Counters.Reboots);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("extended")]
    public void Zoo_captures_decode_without_malformed_lines_and_match_serial(string mode)
    {
        var runs = Captures.ZooRuns(mode).ToList();
        Assert.Equal(3, runs.Count);
        foreach (var run in runs)
        {
            var name = Path.GetFileName(run);
            var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
            var lines = Decode(Captures.Load($"zoo/{name}/{name}.jsonl"), decoder);
            Assert.Equal(0, decoder.Counters.Malformed);
            Assert.DoesNotContain(lines, l => l.Flags != LineFlags.None);
            var serial = Captures.SerialKernelLines($"zoo/{name}/{name}.serial.log");
            var texts = lines.Select(l => l.Text).ToList();
            if (mode == "plain")
            {
                var unmatched = UnmatchedAfterSubsequence(serial, texts);
                Assert.Equal(ExtraCount($"zoo/{name}/{name}.summary.txt"), unmatched.Count);
            }
            else
            {
                var stripped = serial.Select(StripTime).ToList();
                var first = stripped.IndexOf(texts[0]);
                Assert.True(first >= 0, name);
                Assert.Equal(stripped.Skip(first).Take(texts.Count).ToList(), texts);
            }

            Assert.Contains(texts, t => t.Contains("---[ end Kernel panic", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("plain.jsonl")]
    [InlineData("extended.jsonl")]
    [InlineData("zoo/oops-extended/oops-extended.jsonl")]
    public void Ticking_at_the_real_arrival_times_gives_the_same_lines(string capture)
    {
        var datagrams = Captures.Load(capture);
        var expected = Decode(datagrams);
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        foreach (var d in datagrams)
        {
            decoder.Tick(d.ReceivedAt, lines);
            decoder.Accept(d.Payload, d.ReceivedAt, lines);
        }

        decoder.Tick(datagrams[^1].ReceivedAt.AddSeconds(5), lines);
        Assert.Equal(0, decoder.State.PendingCount);
        Assert.Equal(expected.Texts(), lines.Texts());
        Assert.Equal(expected.Select(l => l.Seq), lines.Select(l => l.Seq));
        Assert.Equal(0, decoder.Counters.FragmentsTimedOut);
    }

    internal static List<LogLine> Decode(IReadOnlyList<CaptureDatagram> datagrams, NetconsoleDecoder? decoder = null)
    {
        decoder ??= new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        foreach (var d in datagrams)
        {
            decoder.Accept(d.Payload, d.ReceivedAt, lines);
        }

        decoder.Flush(datagrams[^1].ReceivedAt, lines);
        return lines;
    }

    private static string StripTime(string line)
    {
        var close = line.IndexOf("] ", StringComparison.Ordinal);
        return close < 0 ? line : line[(close + 2)..];
    }

    /// <summary>Asserts <paramref name="expected"/> is a subsequence of <paramref name="actual"/>; returns the rest of actual.</summary>
    private static List<string> UnmatchedAfterSubsequence(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var unmatched = new List<string>();
        var e = 0;
        foreach (var a in actual)
        {
            if (e < expected.Count && expected[e] == a)
            {
                e++;
            }
            else
            {
                unmatched.Add(a);
            }
        }

        Assert.True(e == expected.Count, $"serial line {e} not found in order: {(e < expected.Count ? expected[e] : "")}");
        return unmatched;
    }

    private static int ExtraCount(string summary)
    {
        const string Key = "captured lines not on serial: ";
        var line = File.ReadLines(Captures.PathOf(summary)).First(l => l.StartsWith(Key, StringComparison.Ordinal));
        return int.Parse(line.AsSpan(Key.Length, line.IndexOf(' ', Key.Length) - Key.Length), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> ExtrasListed(string summary) =>
        File.ReadLines(Captures.PathOf(summary))
            .Where(l => l.StartsWith("   extra: ", StringComparison.Ordinal))
            .Select(l => l["   extra: ".Length..])
            .ToList();
}
