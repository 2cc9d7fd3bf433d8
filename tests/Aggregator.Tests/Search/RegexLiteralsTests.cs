using System.Text.RegularExpressions;
using CsCheck;
using KrgLogs.Aggregator.Search;

namespace KrgLogs.Aggregator.Tests.Search;

public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData("general protection fault", new[] { "general protection fault" })]
    [InlineData(@"BUG: unable to handle .* at [0-9a-f]+", new[] { "BUG: unable to handle ", " at " })]
    [InlineData(@"usb \d+-\d+: new", new[] { "usb ", ": new" })]
    [InlineData("abcd*e", new[] { "abc" })]
    [InlineData("abcd?xyz", new[] { "abc", "xyz" })]
    [InlineData("abcd{0,3}xyz", new[] { "abc", "xyz" })]
    [InlineData("abcd{2}xyz", new[] { "abcd", "xyz" })]
    [InlineData(@"kernel\.panic", new[] { "kernel.panic" })]
    [InlineData("(?i)oops: 0000", new[] { "oops: 0000" })]
    [InlineData("ab+cde", new[] { "cde" })]
    [InlineData("a{x}bc", new[] { "a{x}bc" })] // not a quantifier: literal braces in .NET
    [InlineData("foo(bar|baz)qux", new[] { "foo", "qux" })]
    public void Literals_every_match_must_contain(string pattern, string[] expected) =>
        Assert.Equal(expected.OrderByDescending(e => e.Length), RegexLiterals.Required(pattern));

    [Theory]
    [InlineData("oops|panic")]
    [InlineData("(?x) o o p s")]
    [InlineData(@"\d+\s+\w+")]
    [InlineData("ab")]
    [InlineData("[abc]{3}")]
    public void Nothing_is_claimed_when_nothing_is_certain(string pattern) => Assert.Empty(RegexLiterals.Required(pattern));

    /// <summary>The property that matters: a line the regex matches always contains every literal claimed.</summary>
    [Fact]
    public void A_matching_line_contains_every_literal()
    {
        var atom = Gen.OneOf(
            Gen.Char["abc"].Select(c => c.ToString()),
            Gen.Const("."),
            Gen.Const(@"\."),
            Gen.Const("[ab]"),
            Gen.Const("(a|b)"),
            Gen.Const("(?:ab)"),
            Gen.Const("^"),
            Gen.Const("$"));
        var quantifier = Gen.OneOf(Gen.Const(""), Gen.Const(""), Gen.Const("*"), Gen.Const("+"), Gen.Const("?"), Gen.Const("{0,2}"), Gen.Const("{2}"), Gen.Const("*?"));
        var piece = Gen.Select(atom, quantifier, (a, q) => a + q);
        var pattern = piece.Array[1, 8].Select(p => string.Concat(p));
        var line = Gen.Char["abc.x"].Array[0, 12].Select(c => new string(c));
        Gen.Select(pattern, line.Array[20]).Sample((p, lines) =>
        {
            var regex = new Regex(p);
            var literals = RegexLiterals.Required(p);
            return lines.Where(l => regex.IsMatch(l)).All(l => literals.All(lit => l.Contains(lit, StringComparison.OrdinalIgnoreCase)));
        });
    }
}
