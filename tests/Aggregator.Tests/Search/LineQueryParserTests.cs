using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Search;

public sealed class LineQueryParserTests
{
    [Fact]
    public void Defaults_are_newest_first_a_hundred_substring()
    {
        var (query, error) = LineQueryParser.Parse(q: "usb");
        Assert.Null(error);
        Assert.Equal(new LineQuery(Text: "usb"), query);
    }

    [Fact]
    public void Every_parameter_lands_where_it_belongs()
    {
        var cursor = SearchCursor.Encode(12345);
        var (query, _) = LineQueryParser.Parse("o+ps", "n1", "syslog", "2026-11-26T12:00:00Z", "2026-11-26T14:00:00+01:00", "7", "true", cursor, "asc");

        Assert.NotNull(query);
        Assert.Equal("n1", query.Node);
        Assert.Equal(LogStream.Syslog, query.Stream);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), query.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero), query.To);
        Assert.Equal(7, query.Limit);
        Assert.Equal(12345, query.After);
        Assert.False(query.Descending);
        Assert.Equal("o+ps", query.Pattern!.ToString());
        Assert.Null(query.Text);
    }

    [Theory]
    [InlineData(null, null, "bogus", null, null, null, null, "stream")]
    [InlineData(null, null, null, "yesterday", null, null, null, "ISO-8601")]
    [InlineData(null, null, null, "2026-11-26T12:00:00Z", "2026-11-26T11:00:00Z", null, null, "before")]
    [InlineData(null, null, null, null, null, "0", null, "limit")]
    [InlineData(null, null, null, null, null, "1001", null, "limit")]
    [InlineData("(", "true", null, null, null, null, null, "regular expression")]
    [InlineData("", "true", null, null, null, null, null, "regular expression")]
    [InlineData("x", "maybe", null, null, null, null, null, "re must")]
    [InlineData(null, null, null, null, null, null, "garbage", "cursor")]
    public void Bad_parameters_are_named_in_the_error(string? q, string? re, string? stream, string? from, string? to, string? limit, string? after, string expected)
    {
        var (query, error) = LineQueryParser.Parse(q: q, re: re, stream: stream, from: from, to: to, limit: limit, after: after);
        Assert.Null(query);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regex_with_backreferences_still_works_on_the_backtracking_engine()
    {
        var (query, error) = LineQueryParser.Parse(q: @"(\w)\1", re: "true");
        Assert.Null(error);
        Assert.Matches(query!.Pattern!, "oops");
        Assert.Equal(LineQueryParser.RegexTimeout, query.Pattern!.MatchTimeout);
    }

    [Fact]
    public void A_range_read_defaults_to_oldest_first()
    {
        var (query, _) = LineQueryParser.Parse(node: "n1", from: "2026-11-26T12:00:00Z", descendingByDefault: false);
        Assert.False(query!.Descending);
        Assert.Null(query.Text);
    }
}
