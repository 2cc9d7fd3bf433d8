using KrgLogs.Aggregator.Projections;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Projections;

public sealed class NodeFileLineTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 27, 1, 2, 3, TimeSpan.FromHours(2)).AddTicks(1234567);

    [Fact]
    public void Kernel_line_without_level_has_time_in_utc_node_and_stream()
    {
        var line = new LogLine("[    1.000000] Linux version 6.1", At);

        Assert.Equal("2026-11-26T23:02:03.123456Z web1 kernel: [    1.000000] Linux version 6.1", NodeFileLine.Format("web1", line));
    }

    [Theory]
    [InlineData(LogStream.Kernel, 0, "kernel.emerg")]
    [InlineData(LogStream.Kernel, 3, "kernel.err")]
    [InlineData(LogStream.Syslog, 4, "syslog.warning")]
    [InlineData(LogStream.Syslog, 6, "syslog.info")]
    [InlineData(LogStream.Syslog, 7, "syslog.debug")]
    [InlineData(LogStream.Syslog, -1, "syslog")]
    public void Level_is_a_suffix_of_the_stream(LogStream stream, int level, string expected)
    {
        var formatted = NodeFileLine.Format("n", new LogLine("x", At, stream, level));

        Assert.Equal($"2026-11-26T23:02:03.123456Z n {expected}: x", formatted);
    }

    [Fact]
    public void Control_characters_are_escaped_so_one_log_line_stays_one_file_line()
    {
        var formatted = NodeFileLine.Format("n", new LogLine("a\nb\r\tc\u001b[31md\u0085", At));

        Assert.EndsWith(@": a\nb\r\tc\x1b[31md\x85", formatted);
        Assert.DoesNotContain(formatted, c => c < 0x20);
    }

    [Theory]
    [InlineData("node-web1", "web1")]
    [InlineData("node-127.0.0.1", "127.0.0.1")]
    [InlineData("node-", null)]
    [InlineData("/sharding/NodeLogCoordinator", null)]
    public void Node_comes_from_the_persistence_id(string persistenceId, string? node) =>
        Assert.Equal(node, NodeFileLine.NodeOf(persistenceId));

    [Theory]
    [InlineData("web-1.example_x", "web-1.example_x.log")]
    [InlineData("../etc/passwd", "_.._etc_passwd.log")]
    [InlineData(".offset", "_.offset.log")]
    [InlineData("fe80::1%eth0", "fe80__1_eth0.log")]
    [InlineData("nœud", "n_ud.log")]
    public void File_names_keep_only_safe_characters(string node, string file) =>
        Assert.Equal(file, NodeFileLine.FileNameOf(node));
}
