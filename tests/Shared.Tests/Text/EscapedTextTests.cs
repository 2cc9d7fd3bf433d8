using KrgLogs.Shared.Text;

namespace KrgLogs.Shared.Tests.Text;

public sealed class EscapedTextTests
{
    [Theory]
    [InlineData("plain text stays", "plain text stays")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\u001b[31mred\u001b[0m", "\\x1b[31mred\\x1b[0m")]
    [InlineData("two\nlines\r", "two\\nlines\\r")]
    [InlineData("nul\0 del\u007f c1\u009b", "nul\\x00 del\\x7f c1\\x9b")]
    [InlineData("ünïcödé ✓", "ünïcödé ✓")]
    public void Control_characters_come_out_visible(string text, string expected) =>
        Assert.Equal(expected, EscapedText.Escape(text));

    [Fact]
    public void Escaped_text_has_no_control_character_left()
    {
        var all = new string(Enumerable.Range(0, 0x200).Select(i => (char)i).ToArray());
        Assert.False(EscapedText.NeedsEscaping(EscapedText.Escape(all)));
    }
}
