using Akka.Persistence.Query;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The search index as a projection of the journal's lines: each batch is written with its last offset in one
/// transaction of the index itself, which skips what it already holds. Each (re)start of the feed reads the offset
/// again from the index, so a failed write, a restart or a hand-over resumes exactly after the last committed batch.
/// </summary>
public sealed class IndexProjection(LineIndex index) : ILinesProjection
{
    public string Name => $"search index {index.Where}";

    public long StoredOffset() => index.ReadOffset();

    public void Write(IReadOnlyList<EventEnvelope> batch)
    {
        var events = Events(batch);
        if (events.Count > 0)
        {
            index.Write(events);
        }
    }

    private static List<IndexedEvent> Events(IReadOnlyList<EventEnvelope> batch)
    {
        var events = new List<IndexedEvent>(batch.Count);
        foreach (var envelope in batch)
        {
            if (envelope.Offset is not Sequence { Value: var offset })
            {
                continue;
            }

            // Other events under the tag still move the offset on (an empty event), so they are not read again.
            events.Add(envelope.Event is LinesAppended appended && NodeFileLine.NodeOf(envelope.PersistenceId) is { } node
                ? new IndexedEvent(offset, node, appended.Lines, envelope.SequenceNr)
                : new IndexedEvent(offset, string.Empty, []));
        }

        return events;
    }
}
