namespace KrgLogs.Aggregator.Search;

/// <summary>
/// A page of hits. <paramref name="Next"/>: the cursor to continue from; null when the index has nothing more.
/// A page may hold fewer hits than asked and still have a next one, when the scan budget ran out first.
/// </summary>
public sealed record SearchPage(IReadOnlyList<IndexedLine> Hits, string? Next, int Examined);
