using Akka.Actor;
using Akka.Persistence.Query;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// A read-side projection of the journal's <c>lines</c> tag (the per-node files, the search index). The projections of
/// one process share one <see cref="LinesFeed"/>: the journal is read and its events decoded once for all of them.
/// </summary>
public interface ILinesProjection
{
    /// <summary>What it keeps, for the logs.</summary>
    string Name { get; }

    /// <summary>Called once, before the feed starts.</summary>
    void Open(ActorSystem system)
    {
    }

    /// <summary>
    /// The offset up to which this projection is complete, asked at every (re)start of the feed, which reads from the
    /// lowest of them. May block, and throw when its store is unreachable (the feed then tries again later).
    /// </summary>
    long StoredOffset();

    /// <summary>
    /// Writes one batch in journal order and stores its last offset, skipping events at or below its own stored offset
    /// (the feed may start below it for another projection). Blocking: called off the actor dispatcher, one batch at a
    /// time. A batch may hold only <see cref="LinesFeed.Quiet"/>, a tick while the journal has nothing new.
    /// </summary>
    void Write(IReadOnlyList<EventEnvelope> batch);

    /// <summary>Called once the feed has stopped with its last batch written.</summary>
    void Close()
    {
    }
}
