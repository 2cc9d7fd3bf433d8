namespace KrgLogs.Cli.Tests;

public sealed class LineFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 34, 56, 789, TimeSpan.Zero);

    [Fact]
    public void A_line_shows_its_time_and_its_text_with_terminal_escapes_defused()
    {
        var line = new Line("\u001b]0;pwned\u0007 boom\r", At, "kernel", 3, 1.5, 7, null, null, null);

        var shown = LineFormatter.Format(line);

        Assert.Equal("2026-11-26T12:34:56.789Z \\x1b]0;pwned\\x07 boom\\r", shown);
        Assert.DoesNotContain(shown, char.IsControl);
    }

    [Fact]
    public void Syslog_lines_show_their_program()
    {
        var line = new Line("started", At, "syslog", 6, null, null, "node1", "sshd", ["fromSyslog"]);

        Assert.Equal("2026-11-26T12:34:56.789Z sshd: started", LineFormatter.Format(line));
    }

    [Fact]
    public void The_node_table_has_a_header_and_a_row_per_node()
    {
        var rows = LineFormatter.NodeTable([new NodeSummary("10.1.0.12", At, 42), new NodeSummary("n\u001b2", At, 7)]).ToList();

        Assert.Equal(3, rows.Count);
        Assert.StartsWith("NODE", rows[0], StringComparison.Ordinal);
        Assert.Contains("10.1.0.12", rows[1], StringComparison.Ordinal);
        Assert.EndsWith("42", rows[1], StringComparison.Ordinal);
        Assert.Contains("n\\x1b2", rows[2], StringComparison.Ordinal);
    }
}
