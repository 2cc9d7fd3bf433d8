using KrgLogs.Aggregator.Projections;

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
