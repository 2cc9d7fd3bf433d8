namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The search index: lines by time-ordered key, a trigram text index, and the journal offset the rows are
/// complete up to, kept in the same database and written in the same transaction as the rows, so a restart
/// resumes exactly after the last committed batch (no gap, no repeat) whatever happened in between.
/// </summary>
public abstract class LineIndex : IDisposable
{
    /// <summary>Where the index lives, for the log (never a password).</summary>
    public abstract string Where { get; }

    /// <summary>The last journal offset whose lines are in the index; 0 for an empty index.</summary>
    public abstract long ReadOffset();

    /// <summary>
    /// Adds the lines of every event above the stored offset and stores the new offset, in one transaction.
    /// Events at or below it are skipped, so a batch written twice (a retry, a second writer) adds nothing.
    /// </summary>
    /// <returns>The number of lines added.</returns>
    public abstract int Write(IReadOnlyList<IndexedEvent> events);

    /// <summary>
    /// Deletes <paramref name="node"/>'s lines of events up to <paramref name="upToSequenceNr"/> (of its own journal):
    /// retention deleted those events, so search and range reads must not give their lines any more.
    /// </summary>
    /// <returns>The number of lines deleted.</returns>
    public abstract int Trim(string node, long upToSequenceNr);

    /// <summary>Up to <see cref="LineFilter.Take"/> lines that pass the filter, in key order.</summary>
    public abstract Task<IReadOnlyList<IndexedLine>> ReadAsync(LineFilter filter, CancellationToken cancel);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
