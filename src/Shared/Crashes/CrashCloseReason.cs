namespace KrgLogs.Shared.Crashes;

/// <summary>Why a report closed; persisted as a number, so values never change meaning.</summary>
public enum CrashCloseReason : byte
{
    /// <summary><c>---[ end trace</c> or <c>---[ end Kernel panic</c>.</summary>
    EndMarker = 0,

    /// <summary>No line came for the quiet period: the node most likely died mid-print.</summary>
    QuietPeriod = 1,

    /// <summary>The node rebooted (new boot epoch or a <c>Linux version</c> banner).</summary>
    Reboot = 2,

    /// <summary>An unrelated report started.</summary>
    NewReport = 3,

    /// <summary>The report reached the size cap.</summary>
    SizeCap = 4,

    /// <summary>End of input (offline use).</summary>
    EndOfInput = 5,

    /// <summary>The trace was over and the node went on printing ordinary lines.</summary>
    TraceOver = 6,
}
