using System.Globalization;
using System.Net.Http.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>What a run of <see cref="SteadySender"/> left in the journal, per node, read back through the API.</summary>
public sealed record DeliveryFigures(int Sent, int Persisted, int Lost, int Duplicated, IReadOnlyList<string> OutOfOrder, IReadOnlyDictionary<int, IReadOnlyList<string>> Stored)
{
    public sealed record LinesDto(string Node, List<LineDto> Lines, long LineCount);

    public sealed record LineDto(string Text);

    /// <summary>
    /// Waits until every node has stored the last line it was sent (sent last, through a live receiver: what came
    /// before has had its chance), then counts sent, persisted, lost (sent, never stored) and doubled lines.
    /// </summary>
    public static async Task<DeliveryFigures> CollectAsync(HttpClient api, SteadySender sender, TimeSpan timeout)
    {
        var stored = new Dictionary<int, IReadOnlyList<string>>();
        var sent = 0;
        for (var n = 0; n < sender.Nodes; n++)
        {
            var expected = sender.SentTo(n);
            sent += expected.Count;
            var last = expected[^1];
            stored[n] = await Eventually.Get(
                async () => (await api.GetFromJsonAsync<LinesDto>($"api/nodes/{sender.Address(n)}/lines?tail=1000", AggregatorProcess.Json))?.Lines.Select(l => l.Text).ToList(),
                l => l.Contains(last),
                timeout,
                $"node {sender.Address(n)} has its last line '{last}'");
        }

        var persisted = stored.Values.Sum(l => l.Count);
        var duplicated = stored.Values.Sum(l => l.Count - l.Distinct().Count());
        var lost = sent - stored.Values.Sum(l => l.Distinct().Count());
        var outOfOrder = stored
            .Where(s => !s.Value.Select(Index).SequenceEqual(s.Value.Select(Index).Order()))
            .Select(s => sender.Address(s.Key))
            .ToList();
        return new DeliveryFigures(sent, persisted, lost, duplicated, outOfOrder, stored);
    }

    public string Summary(string what, int accepted) =>
        $"{what}: lines sent {Sent}, accepted {accepted}, persisted {Persisted}, lost {Lost}, duplicated {Duplicated}";

    private static int Index(string line) => int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
