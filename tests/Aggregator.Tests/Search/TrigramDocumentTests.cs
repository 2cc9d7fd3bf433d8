using CsCheck;
using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Search;

public sealed class TrigramDocumentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    private static List<LogLine> Lines(params string[] texts) => texts.Select(t => new LogLine(t, T0)).ToList();

    [Fact]
    public void A_block_becomes_its_distinct_tokens_in_the_order_first_seen()
    {
        var lines = Lines("usb 1-1: new high-speed USB device", "  usb 1-1:\tnew device\u00A0found ", "", "other");

        Assert.Equal("usb 1-1: new high-speed USB device found ", TrigramDocument.Of(lines, 0..3));
        Assert.Equal("other ", TrigramDocument.Of(lines, 3..4));
        Assert.Equal("", TrigramDocument.Of(lines, 2..3));
    }

    [Fact]
    public void Every_part_of_every_substring_of_a_line_is_inside_the_document()
    {
        // What makes the PostgreSQL query a superset: `document ILIKE '%part%'` holds for each part of a substring
        // that any of the block's lines contains.
        var text = Gen.Char["ab1-: \t\u00A0"].Array[0, 40].Select(c => new string(c));
        Gen.Select(text.List[1, 6], Gen.Int, Gen.Int, Gen.Int).Sample((texts, pick, from, length) =>
        {
            var lines = Lines([.. texts]);
            var line = texts[Math.Abs(pick % texts.Count)];
            var start = line.Length == 0 ? 0 : Math.Abs(from % line.Length);
            var substring = line.Substring(start, Math.Abs(length % (line.Length - start + 1)));
            var document = TrigramDocument.Of(lines, ..);

            Assert.All(TrigramDocument.Parts(substring), part => Assert.Contains(part, document, StringComparison.Ordinal));
        }, iter: 2000);
    }

    [Fact]
    public void A_document_is_never_longer_than_its_text_and_a_space()
    {
        var text = Gen.Char["abc- \n"].Array[0, 60].Select(c => new string(c));
        text.List[1, 8].Sample(texts =>
            Assert.True(TrigramDocument.Of(Lines([.. texts]), ..).Length <= texts.Sum(t => t.Length + 1)), iter: 500);
    }
}
