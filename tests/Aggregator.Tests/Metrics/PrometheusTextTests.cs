using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Label_values_escape_quote_backslash_and_newline()
    {
        var page = new PrometheusText()
            .Gauge("krglogs_x", "x", 1, ("node", "a\"b\\c\nd"))
            .ToString();

        Assert.Contains("krglogs_x{node=\"a\\\"b\\\\c\\nd\"} 1\n", page, StringComparison.Ordinal);
        Assert.Equal(3, page.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Help_escapes_backslash_and_newline_but_keeps_quotes()
    {
        var page = new PrometheusText().Gauge("krglogs_x", "a \"quoted\" \\ path\nsecond line", 1).ToString();

        Assert.StartsWith("# HELP krglogs_x a \"quoted\" \\\\ path\\nsecond line\n", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_of_a_family_are_grouped_under_one_help_and_type_in_first_seen_order()
    {
        var page = new PrometheusText()
            .Counter("krglogs_lines_total", "lines", 1, ("node", "a"))
            .Gauge("krglogs_age_seconds", "age", 5, ("node", "a"))
            .Counter("krglogs_lines_total", "ignored second help", 2, ("node", "b"))
            .Gauge("krglogs_age_seconds", "age", 7, ("node", "b"))
            .ToString();

        Assert.Equal(
            """
            # HELP krglogs_lines_total lines
            # TYPE krglogs_lines_total counter
            krglogs_lines_total{node="a"} 1
            krglogs_lines_total{node="b"} 2
            # HELP krglogs_age_seconds age
            # TYPE krglogs_age_seconds gauge
            krglogs_age_seconds{node="a"} 5
            krglogs_age_seconds{node="b"} 7

            """.ReplaceLineEndings("\n"),
            page);
    }

    [Fact]
    public void A_counter_is_named_with_total_whether_or_not_the_caller_said_so()
    {
        var page = new PrometheusText()
            .Counter("krglogs_datagrams", "d", 3)
            .Counter("krglogs_bytes_total", "b", 4)
            .ToString();

        Assert.Contains("# TYPE krglogs_datagrams_total counter\nkrglogs_datagrams_total 3\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE krglogs_bytes_total counter\nkrglogs_bytes_total 4\n", page, StringComparison.Ordinal);
        Assert.DoesNotContain("_total_total", page, StringComparison.Ordinal);
    }

    [Fact]
    public void One_name_with_two_types_is_refused()
    {
        var text = new PrometheusText().Gauge("krglogs_x", "x", 1);

        Assert.Throws<InvalidOperationException>(() => text.Counter("krglogs_x_total", "x", 1).Counter("krglogs_x", "x", 1).Gauge("krglogs_x_total", "x", 1));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_are_invariant_and_spell_specials_the_prometheus_way(double value, string text) =>
        Assert.Equal(text, PrometheusText.FormatValue(value));

    [Fact]
    public void Names_and_label_names_lose_characters_the_format_does_not_allow()
    {
        Assert.Equal("krglogs_a_b:c", PrometheusText.SanitizeName("krglogs.a-b:c"));
        Assert.Equal("_x", PrometheusText.SanitizeName("9x"));
        Assert.Equal("a_b", PrometheusText.SanitizeLabelName("a:b"));
    }
}
