using System.Globalization;
using System.Text;

namespace KrgLogs.Aggregator.Metrics;

/// <summary>
/// Builds a page in the Prometheus text exposition format 0.0.4. Samples may be added in any order; each family is
/// written once, with its <c># HELP</c> and <c># TYPE</c>, and its samples together, as the format requires.
/// Pure: no clocks, no I/O, so it is tested with plain unit tests.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly List<MetricFamily> _order = [];

    /// <summary>A counter; the name gets the conventional <c>_total</c> suffix when it lacks one.</summary>
    public PrometheusText Counter(string name, string help, double value, params (string Name, string Value)[] labels)
    {
        var family = CounterName(SanitizeName(name));
        return Add(family, MetricKind.Counter, help, value, labels);
    }

    public PrometheusText Gauge(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Add(SanitizeName(name), MetricKind.Gauge, help, value, labels);

    /// <summary>
    /// A histogram from cumulative bucket counts (upper bounds ascending, without +Inf: <paramref name="count"/> is
    /// that bucket), as <c>_bucket{le=…}</c>, <c>_sum</c> and <c>_count</c> samples of one family.
    /// </summary>
    public PrometheusText Histogram(string name, string help, IReadOnlyList<(double UpperBound, long Cumulative)> buckets, double sum, long count)
    {
        var family = SanitizeName(name);
        foreach (var (bound, cumulative) in buckets)
        {
            Add(family, MetricKind.Histogram, help, cumulative, [("le", FormatValue(bound))], "_bucket");
        }

        Add(family, MetricKind.Histogram, help, count, [("le", "+Inf")], "_bucket");
        Add(family, MetricKind.Histogram, help, sum, [], "_sum");
        return Add(family, MetricKind.Histogram, help, count, [], "_count");
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var family in _order)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch { MetricKind.Counter => "counter", MetricKind.Histogram => "histogram", _ => "gauge" }).Append('\n');
            foreach (var sample in family.Samples)
            {
                text.Append(family.Name).Append(sample).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Label value escaping of the text format: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and line feed only (a quote is fine there).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Metric names must match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else becomes an underscore.</summary>
    public static string SanitizeName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names must match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Numbers as Prometheus parses them: invariant culture, shortest round-trip form, NaN and ±Inf spelled its way.</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string CounterName(string name) => name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total";

    private PrometheusText Add(string name, MetricKind kind, string help, double value, (string Name, string Value)[] labels, string suffix = "")
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = new MetricFamily(name, kind, help);
            _families.Add(name, family);
            _order.Add(family);
        }
        else if (family.Kind != kind)
        {
            // One name, two types would make the whole page unparseable: fail at the call site instead.
            throw new InvalidOperationException($"metric {name} is a {family.Kind}, not a {kind}");
        }

        family.Samples.Add(suffix + Labels(labels) + " " + FormatValue(value));
        return this;
    }

    private static string Labels((string Name, string Value)[] labels)
    {
        if (labels.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(SanitizeLabelName(labels[i].Name)).Append("=\"").Append(EscapeLabelValue(labels[i].Value)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
