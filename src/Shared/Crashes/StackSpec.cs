using System.Text.RegularExpressions;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// How to find the guilty frame of one kind of report: a sequence of parts matched line by line (a part's
/// capture group 1, when it matched, is a frame candidate), where a <c>null</c> part means "parse a stack trace
/// here". <see cref="Parts2"/> is tried when <see cref="Parts"/> yields nothing. Modelled on syzkaller's stackFmt.
/// </summary>
internal sealed class StackSpec
{
    public StackSpec(Regex?[] parts, Regex?[]? parts2 = null, string[]? skip = null, FrameChoice choice = FrameChoice.First)
    {
        Parts = parts;
        Parts2 = parts2;
        Choice = choice;
        SkipRe = GuiltyFrame.SkipRegex(skip);
    }

    public Regex?[] Parts { get; }

    public Regex?[]? Parts2 { get; }

    public Regex SkipRe { get; }

    public FrameChoice Choice { get; }
}
