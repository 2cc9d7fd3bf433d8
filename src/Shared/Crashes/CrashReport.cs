namespace KrgLogs.Shared.Crashes;

/// <summary>One kernel crash report, closed and ready to persist, alert on, or paste into a bug report.</summary>
/// <param name="Kind">Short class name: oops, bug, panic, warning, lockup, hung-task, rcu-stall, kasan, ubsan, lockdep, oom, ...</param>
/// <param name="Title">A syzkaller-style title, e.g. <c>general protection fault in f</c>.</param>
/// <param name="Frame">The guilty function, when the stack named one.</param>
/// <param name="Panicked">A <c>Kernel panic - not syncing</c> belongs to the report.</param>
/// <param name="Corrupted">Lines are missing: sequence gaps, dropped printk messages, or cut off before the trace ended.</param>
/// <param name="KernelVersion">The kernel release from the report's <c>CPU:</c>/<c>Pid:</c> line, when printed.</param>
/// <param name="FirstLineIndex">Index of the first line in the node's stream as fed to the detector (0-based).</param>
/// <param name="LastLineIndex">Index of the last line of the report (0-based).</param>
/// <param name="Text">The report's lines exactly as received, joined with <c>\n</c>.</param>
/// <param name="FirstSeq">The printk sequence number of the first line, when the stream carried them.</param>
/// <param name="Boot">Boot epoch of the node when the report opened.</param>
/// <param name="CloseReason">Why the report closed.</param>
public sealed record CrashReport(
    string Kind,
    string Title,
    string? Frame,
    bool Panicked,
    bool Corrupted,
    string? KernelVersion,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    int FirstLineIndex,
    int LastLineIndex,
    string Text,
    long? FirstSeq,
    int Boot,
    CrashCloseReason CloseReason = CrashCloseReason.EndMarker);
