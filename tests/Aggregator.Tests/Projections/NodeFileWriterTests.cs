using CsCheck;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Projections;

public sealed class NodeFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Keeps_at_most_the_bound_of_handles_open_and_loses_nothing_when_one_is_closed()
    {
        using var writer = new NodeFileWriter(_dir, maxOpen: 2);
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var node in new[] { "a", "b", "c" })
            {
                writer.Append(node, $"{node} {round}");
                Assert.True(writer.OpenCount <= 2);
            }
        }

        writer.Flush();
        Assert.Equal(["a 1", "a 2"], File.ReadAllLines(Path.Combine(_dir, "a.log")));
        Assert.Equal(["c 1", "c 2"], File.ReadAllLines(Path.Combine(_dir, "c.log")));
    }

    [Fact]
    public void Every_node_of_a_large_site_keeps_its_file_open_and_gets_exactly_its_lines()
    {
        // More nodes than the old bound of 256 handles, and more than the count above which one syncfs replaces the fsyncs.
        const int nodes = 1000;
        using var writer = new NodeFileWriter(_dir);
        foreach (var round in new[] { 1, 2, 3 })
        {
            for (var n = 0; n < nodes; n++)
            {
                // Runs of one node's lines and nodes interleaved, as batches hold them.
                for (var i = 0; i <= n % 3; i++)
                {
                    writer.Append($"cn{n:D4}", $"cn{n:D4} round {round} line {i} ünïcode €");
                }
            }

            writer.Flush();
        }

        // All of them, unless this machine's open-file limit is too low for that.
        Assert.Equal(Math.Min(nodes, NodeFileWriter.DefaultMaxOpen), writer.OpenCount);
        for (var n = 0; n < nodes; n++)
        {
            var expected = new[] { 1, 2, 3 }.SelectMany(round => Enumerable.Range(0, (n % 3) + 1).Select(i => $"cn{n:D4} round {round} line {i} ünïcode €"));
            Assert.Equal(expected, File.ReadAllLines(Path.Combine(_dir, $"cn{n:D4}.log")));
        }
    }

    /// <summary>
    /// All files share one text encoder: whatever the order of nodes, the bound on open files and the flush points,
    /// each file holds exactly its own node's lines, in order, multi-byte characters whole.
    /// </summary>
    [Fact]
    public void Each_file_gets_exactly_its_nodes_lines_whatever_the_interleaving()
    {
        var text = Gen.String[Gen.OneOf(Gen.Char[' ', '~'], Gen.Char["éß€—ü"]), 0, 40];
        var append = Gen.Select(Gen.Int[0, 5], text, Gen.Int[0, 9]);
        Gen.Select(Gen.Int[1, 4], append.Array[1, 40]).Sample((maxOpen, appends) =>
        {
            var dir = Directory.CreateTempSubdirectory("krglogs-writer-sample-").FullName; // samples run in parallel
            try
            {
                using (var writer = new NodeFileWriter(dir, maxOpen))
                {
                    foreach (var (node, line, flush) in appends)
                    {
                        writer.Append($"n{node}", line + "😀"); // a surrogate pair at the end of every line
                        Assert.True(writer.OpenCount <= maxOpen);
                        if (flush == 0)
                        {
                            writer.Flush();
                        }
                    }

                    writer.Flush();
                }

                foreach (var node in appends.Select(a => a.Item1).Distinct())
                {
                    Assert.Equal(
                        appends.Where(a => a.Item1 == node).Select(a => a.Item2 + "😀"),
                        File.ReadAllLines(Path.Combine(dir, $"n{node}.log"), System.Text.Encoding.UTF8));
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
    }

    [Fact]
    public void At_most_a_quarter_of_the_open_file_limit_is_kept_open_by_default()
    {
        // The limit as the kernel reports it, read independently of the getrlimit call.
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = long.Parse(line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(soft, OpenFileLimit.Current());
        Assert.Equal(Math.Clamp(soft / 4, 16, 4096), NodeFileWriter.DefaultMaxOpen);
    }

    [Fact]
    public void The_file_system_of_a_real_file_is_synced_in_one_call()
    {
        using var file = File.OpenHandle(Path.Combine(_dir, "synced.log"), FileMode.Create, FileAccess.Write);
        Assert.True(FileSystemSync.TrySync(file));
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static LogLine Logged(int second) => new($"line {second}", T0.AddSeconds(second));

    private static string Line(int second) => NodeFileLine.Format("n", Logged(second));

    [Fact]
    public void Trim_drops_the_lines_received_up_to_the_cutoff_and_appending_goes_on_after_the_rest()
    {
        using var writer = new NodeFileWriter(_dir);
        for (var second = 1; second <= 5; second++)
        {
            writer.Append("n", Logged(second));
        }

        writer.Flush();

        Assert.Equal(2, writer.Trim("n", T0.AddSeconds(2)));
        writer.Append("n", Logged(6));
        writer.Flush();

        Assert.Equal([Line(3), Line(4), Line(5), Line(6)], File.ReadAllLines(Path.Combine(_dir, "n.log")));
        Assert.Equal(0, writer.Trim("n", T0.AddSeconds(2))); // nothing older is left
        Assert.Equal(0, writer.Trim("absent", T0.AddDays(1)));
    }

    [Fact]
    public void A_log_line_is_written_as_its_formatted_text_escaped_and_in_utf8()
    {
        const string node = "nœud\u001b[1";
        LogLine[] lines = [new("héllo\u0007 wörld", T0, LogStream.Syslog, 3), new("[ 1.5] ok", T0.AddTicks(15), LogStream.Kernel)];
        using (var writer = new NodeFileWriter(_dir))
        {
            foreach (var line in lines)
            {
                writer.Append(node, line);
            }

            writer.Flush();
        }

        var written = File.ReadAllLines(Path.Combine(_dir, NodeFileLine.FileNameOf(node)), System.Text.Encoding.UTF8);
        Assert.Equal(lines.Select(line => NodeFileLine.Format(node, line)), written);
        Assert.Equal("2026-11-27T09:00:00.000000Z nœud\\x1b[1 syslog.err: héllo\\x07 wörld", written[0]);
    }

    [Fact]
    public void Trim_never_drops_past_a_line_whose_time_does_not_parse()
    {
        var path = Path.Combine(_dir, "n.log");
        File.WriteAllLines(path, [Line(1), "garbage written by hand", Line(2)]);
        using var writer = new NodeFileWriter(_dir);

        Assert.Equal(1, writer.Trim("n", T0.AddSeconds(10)));

        Assert.Equal(["garbage written by hand", Line(2)], File.ReadAllLines(path));
    }

    [Fact]
    public void A_file_moved_away_is_reopened_at_its_path_without_a_signal()
    {
        using var writer = new NodeFileWriter(_dir);
        var path = Path.Combine(_dir, "n.log");
        writer.Append("n", "one");
        writer.Flush();
        File.Move(path, path + ".1");

        writer.Append("n", "two");
        writer.Flush();

        Assert.Equal(["one"], File.ReadAllLines(path + ".1"));
        Assert.Equal(["two"], File.ReadAllLines(path));
    }

    [Fact]
    public void A_file_replaced_by_an_empty_one_is_reopened()
    {
        using var writer = new NodeFileWriter(_dir);
        var path = Path.Combine(_dir, "n.log");
        writer.Append("n", "one");
        writer.Flush();
        File.Move(path, path + ".1");
        File.WriteAllText(path, string.Empty);

        writer.Append("n", "two");
        writer.Flush();

        Assert.Equal(["two"], File.ReadAllLines(path));
    }

    [Fact]
    public void Reopen_request_closes_every_handle_before_the_next_write()
    {
        using var writer = new NodeFileWriter(_dir);
        writer.Append("a", "1");
        writer.Append("b", "1");
        writer.Flush();

        writer.RequestReopen();
        writer.Append("a", "2");

        Assert.Equal(1, writer.OpenCount);
    }

    [Fact]
    public void Offset_is_read_back_and_zero_before_the_first_write()
    {
        var offset = new ProjectionOffset(_dir);
        Assert.Equal(0, offset.Read());

        offset.Write(41);
        offset.Write(1234567890123);

        Assert.Equal(1234567890123, offset.Read());
        Assert.False(File.Exists(offset.Path + ".tmp"));
    }
}
