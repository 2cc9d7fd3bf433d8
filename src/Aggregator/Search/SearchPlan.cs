namespace KrgLogs.Aggregator.Search;

/// <summary>
/// How a query is answered: the substrings the index can narrow by (<paramref name="Contains"/>), and the test
/// each candidate must still pass (<paramref name="Accepts"/>; null when the index answer is already exact).
/// <paramref name="Exact"/>: the index's candidates are (almost always) hits, so chunks can be as small as the page.
/// </summary>
public sealed record SearchPlan(IReadOnlyList<string> Contains, Func<string, bool>? Accepts, bool Exact)
{
    public static SearchPlan Of(LineQuery query)
    {
        if (query.Pattern is { } pattern)
        {
            return new SearchPlan(RegexLiterals.Required(pattern.ToString()), pattern.IsMatch, Exact: false);
        }

        if (string.IsNullOrEmpty(query.Text))
        {
            return new SearchPlan([], null, Exact: true);
        }

        var text = query.Text;
        // The index folds case like SQLite's FTS5 / PostgreSQL's ILIKE; the check here keeps the answer the same
        // whichever index gave the candidates. Under 3 characters no trigram exists: a budgeted scan.
        return new SearchPlan(
            text.Length >= RegexLiterals.MinLength ? [text] : [],
            line => line.Contains(text, StringComparison.OrdinalIgnoreCase),
            Exact: text.Length >= RegexLiterals.MinLength);
    }
}
