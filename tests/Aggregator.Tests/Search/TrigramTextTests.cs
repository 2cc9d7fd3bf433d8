using System.Text;
using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Search;

public sealed class TrigramTextTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static LogLine[] Lines(params string[] texts) => [.. texts.Select(t => new LogLine(t, At))];

    /// <summary>Trigrams as the tokenizer counts them: three code points (a lone surrogate reads as U+FFFD).</summary>
    private static HashSet<string> TrigramsOf(string text)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        return [.. Enumerable.Range(0, Math.Max(0, runes.Length - 2)).Select(i => runes[i] + runes[i + 1] + runes[i + 2])];
    }

    [Fact]
    public void Repeated_lines_and_repeated_parts_are_given_once()
    {
        var text = new TrigramText().Of(Lines("usb 1-1: new device", "usb 1-1: new device", "usb 1-2: new device"), ..);

        Assert.Equal("usb 1-1: new device" + "1-2: ", text);
    }

    [Fact]
    public void Every_trigram_of_every_line_is_in_the_text_whatever_the_characters()
    {
        var random = new Random(8);
        var alphabet = new[] { "a", "b", "A", "B", " ", "[", "]", "0", "1", "é", "ß", "İ", "\U0001F600", "\U00010348", "\uD800", "\uDC00", "\u0000", "\t" };
        var trigrams = new TrigramText();
        for (var round = 0; round < 500; round++)
        {
            var lines = Lines([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])))]);
            var block = random.Next(2) == 0 ? .. : (1..);
            var text = trigrams.Of(lines, block);

            var (start, count) = block.GetOffsetAndLength(lines.Length);
            var given = TrigramsOf(text);
            foreach (var line in lines.Skip(start).Take(count))
            {
                var missing = TrigramsOf(line.Text).Where(t => !given.Contains(t)).Select(t => string.Join(' ', t.EnumerateRunes().Select(r => r.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture))));
                Assert.True(!missing.Any(), $"missing {string.Join(", ", missing)} of a line of {line.Text.Length} chars");
            }

            // Never more characters than the lines' own text when nothing repeats within them; here, bounded by three per trigram.
            Assert.True(text.EnumerateRunes().Count() <= 3 * lines.Skip(start).Take(count).SelectMany(l => TrigramsOf(l.Text)).Distinct().Count());
        }
    }

    [Fact]
    public void Trigrams_do_not_cross_lines_and_short_lines_give_nothing()
    {
        var text = new TrigramText().Of(Lines("ab", "cd", "xyz"), ..);

        Assert.Equal("xyz", text);
    }

    [Fact]
    public void The_same_block_gives_the_same_text_every_time_so_a_trim_can_delete_it()
    {
        var trigrams = new TrigramText();
        var lines = Lines("[    1.000000] Linux version 6.1", "[    1.000001] Command line: root=/dev/nfs", "[    1.000002] Linux version 6.1");

        var first = trigrams.Of(lines, ..);
        _ = trigrams.Of(Lines("something else entirely"), ..);

        Assert.Equal(first, trigrams.Of(lines, ..));
        Assert.True(Encoding.UTF8.GetByteCount(first) < lines.Sum(l => l.Text.Length));
    }
}
