using System.Globalization;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>One scrape of an aggregator's /metrics, read leniently: sample name → values (labels kept as text).</summary>
public sealed class Metrics(IReadOnlyList<(string Name, string Labels, double Value)> samples)
{
    public static async Task<Metrics?> ScrapeAsync(HttpClient api)
    {
        var text = await api.GetStringAsync("metrics");
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = brace >= 0 && brace < space ? brace : space;
            samples.Add((line[..nameEnd], line[nameEnd..space], double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new Metrics(samples);
    }

    /// <summary>The value of an unlabelled sample, 0 when absent.</summary>
    public double Value(string name) => samples.Where(s => s.Name == name && s.Labels.Length == 0).Sum(s => s.Value);

    /// <summary>All samples of a family added up, whatever their labels; 0 when absent.</summary>
    public double Sum(string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);
}
