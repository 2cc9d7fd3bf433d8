using System.Text.RegularExpressions;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// One report format: <see cref="Title"/> recognises it, <see cref="Report"/> (optional) extracts arguments over
/// several lines, <see cref="Format"/> builds the title from the arguments (<c>{0}</c>...) followed by the frames
/// the <see cref="Stack"/> yields. Modelled on syzkaller's oopsFormat.
/// </summary>
internal sealed record TitleRule(
    string Kind,
    Regex Title,
    string Format,
    Regex? Report = null,
    StackSpec? Stack = null,
    bool NoStackTrace = false,
    bool Corrupted = false);
