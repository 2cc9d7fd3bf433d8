namespace KrgLogs.Cli.Tests;

public sealed class PaletteTests
{
    [Theory]
    [InlineData(false, null, "xterm", false, false, true)]
    [InlineData(true, null, "xterm", false, false, false)] // piped: a script reads it
    [InlineData(false, "1", "xterm", false, false, false)] // NO_COLOR
    [InlineData(false, "", "xterm", false, false, true)] // NO_COLOR set but empty does not count
    [InlineData(false, null, "dumb", false, false, false)]
    [InlineData(false, null, "xterm", true, false, false)] // --no-color
    [InlineData(false, null, "xterm", false, true, false)] // --json
    public void Colours_only_for_a_person_at_a_terminal(bool redirected, string? noColor, string? term, bool flag, bool json, bool expected) =>
        Assert.Equal(expected, Palette.Decide(redirected, noColor, term, flag, json).Enabled);

    [Fact]
    public void Without_colours_a_line_has_no_escape_character_at_all()
    {
        var line = new Line("evil \u001b[2J text", DateTimeOffset.UnixEpoch, "kernel", 2, null, null, null, null, null);

        var text = LineFormatter.Format(line, Palette.None);

        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("\\x1b[2J", text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_colours_the_only_escape_sequences_are_the_palette_s_own()
    {
        var line = new Line("evil \u001b[2J text", DateTimeOffset.UnixEpoch, "kernel", 2, null, null, null, null, null);

        var text = LineFormatter.Format(line, Palette.Ansi);

        Assert.Contains("\u001b[31mevil \\x1b[2J text\u001b[0m", text, StringComparison.Ordinal); // err: red
        Assert.StartsWith("\u001b[2m1970-01-01T00:00:00.000Z\u001b[0m ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2J", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "\u001b[31m")]
    [InlineData(3, "\u001b[31m")]
    [InlineData(4, "\u001b[33m")]
    [InlineData(5, "\u001b[1m")]
    public void Severities_have_their_colour(int level, string code) =>
        Assert.StartsWith(code, Palette.Ansi.Level(level, "x"), StringComparison.Ordinal);

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(null)]
    public void Ordinary_lines_stay_plain(int? level) => Assert.Equal("x", Palette.Ansi.Level(level, "x"));
}
