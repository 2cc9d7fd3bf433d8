namespace KrgLogs.Aggregator.Search;

/// <summary>
/// Answers a <see cref="LineQuery"/> from the index, one page at a time: asks the index for candidates in key
/// order (narrowed by the plan's substrings), keeps those the plan accepts, and stops at the page's limit or when
/// <paramref name="scanBudget"/> candidates were looked at (a regex with no literal, a 1–2 character substring):
/// or after <paramref name="scanTime"/> (a regex whose only literal is common reads many candidates): then the page
/// is short but carries a cursor, so the caller goes on where the scan stopped and nothing is skipped or repeated.
/// Every request so answers within about a second, however large the index. Null <paramref name="index"/>: the
/// index is turned off.
/// </summary>
public sealed class LineSearch(LineIndex? index, int scanBudget = LineSearch.DefaultScanBudget, TimeSpan? scanTime = null, int scanChunk = 1000)
{
    public const int DefaultScanBudget = 100_000;
    public static readonly TimeSpan DefaultScanTime = TimeSpan.FromMilliseconds(600);

    public bool Enabled => index is not null;

    public int ScanBudget => scanBudget;

    public async Task<SearchPage> RunAsync(LineQuery query, CancellationToken cancel)
    {
        if (index is null)
        {
            throw new InvalidOperationException("the search index is turned off");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var plan = SearchPlan.Of(query);
        var hits = new List<IndexedLine>(query.Limit);
        var examined = 0;
        var filter = LineFilter.Of(query, plan.Contains, Take(plan, query.Limit, scanBudget));
        while (true)
        {
            var chunk = await index.ReadAsync(filter, cancel);
            foreach (var line in chunk)
            {
                examined++;
                if (plan.Accepts is null || plan.Accepts(line.Line.Text))
                {
                    hits.Add(line);
                    if (hits.Count == query.Limit)
                    {
                        return new SearchPage(hits, SearchCursor.Encode(line.Key), examined);
                    }
                }
            }

            if (chunk.Count < filter.Take)
            {
                return new SearchPage(hits, null, examined); // the index has nothing more
            }

            var last = chunk[^1].Key;
            if (examined >= scanBudget || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= (scanTime ?? DefaultScanTime))
            {
                return new SearchPage(hits, SearchCursor.Encode(last), examined);
            }

            filter = filter.Past(last, Take(plan, query.Limit - hits.Count, scanBudget - examined));
        }
    }

    private int Take(SearchPlan plan, int wanted, int budgetLeft) =>
        Math.Max(1, plan.Exact ? Math.Min(wanted, budgetLeft) : Math.Min(scanChunk, budgetLeft));
}
