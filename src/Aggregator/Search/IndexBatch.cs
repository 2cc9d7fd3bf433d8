namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Which events of a batch an index writer adds: those after its stored offset, less those retention already deleted
/// (an event of a node at or below its trim). <paramref name="Last"/>: the offset to store, skipped events included.
/// </summary>
public sealed record IndexBatch(IReadOnlyList<IndexedEvent> Fresh, long Last)
{
    public static IndexBatch Of(IEnumerable<IndexedEvent> events, long stored, IReadOnlyDictionary<string, long> trimmed)
    {
        var fresh = new List<IndexedEvent>();
        var last = stored;
        foreach (var e in events)
        {
            if (e.Offset <= stored)
            {
                continue;
            }

            last = Math.Max(last, e.Offset);
            if (trimmed.TryGetValue(e.Node, out var upTo) && e.SequenceNr <= upTo)
            {
                continue; // retention deleted this event before the indexer got to it
            }

            fresh.Add(e);
        }

        return new IndexBatch(fresh, last);
    }
}
