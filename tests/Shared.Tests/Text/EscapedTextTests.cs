using CsCheck;
using KrgLogs.Shared.Text;

namespace KrgLogs.Shared.Tests.Text;

public sealed class EscapedTextTests
{
    private static readonly System.Buffers.SearchValues<char> RawControls = System.Buffers.SearchValues.Create("\n\r\u001b\u009b\u0085\u2028\u2029\u202e");

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

    [Theory]
    [InlineData("\u001b]0;owned\u0007", "\\x1b]0;owned\\x07")] // set the terminal's title
    [InlineData("\u001b[2J\u001b[H", "\\x1b[2J\\x1b[H")] // clear the screen
    [InlineData("ok\r\u001b[Kforged", "ok\\r\\x1b[Kforged")] // overwrite the line just printed
    [InlineData("a\u0085b\u2028c", "a\\x85b\\u2028c")] // NEL and LINE SEPARATOR split lines too
    [InlineData("user \u202eevil\u202c ok", "user \\u202eevil\\u202c ok")] // right-to-left override
    [InlineData("\u2066isolate\u2069", "\\u2066isolate\\u2069")]
    [InlineData("\u200fשלום", "\u200fשלום")] // a plain right-to-left mark in real text stays
    public void Terminal_and_display_tricks_are_defused(string text, string expected) =>
        Assert.Equal(expected, EscapedText.Escape(text));

    [Fact]
    public void No_character_of_the_basic_plane_survives_escaping_as_a_line_break_or_escape()
    {
        for (var c = 0; c <= 0xffff; c++)
        {
            var escaped = EscapedText.Escape(((char)c).ToString());
            Assert.False(escaped.AsSpan().IndexOfAny(RawControls) >= 0, $"U+{c:X4} came out as a raw control");
        }
    }

    /// <summary>The vectorized first pass finds every line that needs escaping, wherever its first odd char is.</summary>
    [Fact]
    public void Needs_escaping_exactly_when_a_control_character_is_present()
    {
        char[] alphabet = ['a', ' ', '~', '\t', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', 'é', '\u2027', '\u2028', '\u202e', '\u202f', '\u2066', '\u2069', '\u206a', '✓'];
        Gen.Int[0, alphabet.Length - 1].Select(i => alphabet[i]).Array[0, 80].Select(chars => new string(chars)).Sample(text =>
        {
            var expected = text.Any(c => c < 0x20 || c is >= '\u007f' and <= '\u009f' or >= '\u2028' and <= '\u202e' or >= '\u2066' and <= '\u2069');
            Assert.Equal(expected, EscapedText.NeedsEscaping(text));
        });
    }
}
