namespace KrgLogs.Shared.Crashes;

/// <summary>
/// A family of report headers sharing a keyword (<c>BUG:</c>, <c>WARNING:</c>, <c>Kernel panic</c>...) and its
/// title formats, tried in order. Modelled on syzkaller's oops table.
/// </summary>
/// <param name="Keyword">What the message must contain.</param>
/// <param name="Rules">Title formats; the earliest match in the report wins.</param>
/// <param name="Kind">Kind when no rule names one.</param>
/// <param name="FollowUp">Printed after another report's header (a panic after an oops): joins an open report
/// instead of starting one.</param>
/// <param name="RuleRequired">The header line itself must match a rule's title (<c>WARNING:</c> and <c>INFO:</c> are
/// printed by plenty of harmless code).</param>
/// <param name="AnyPrefix">The keyword may come after any text on the line (<c>comm invoked oom-killer</c>).</param>
internal sealed record HeaderGroup(
    string Keyword,
    TitleRule[] Rules,
    string Kind,
    bool FollowUp = false,
    bool RuleRequired = false,
    bool AnyPrefix = false);
