namespace KrgLogs.Shared.Crashes;

/// <summary>Limits of the crash detector.</summary>
public sealed record CrashDetectorOptions
{
    public static CrashDetectorOptions Default { get; } = new();

    /// <summary>An open report with no new line for this long is closed (via <see cref="CrashDetector.Tick"/>).</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A report is closed (and marked corrupted) when it reaches this many lines.</summary>
    public int MaxLines { get; init; } = 2000;

    /// <summary>A report is closed (and marked corrupted) when its text reaches this many characters.</summary>
    public int MaxChars { get; init; } = 256 * 1024;

    /// <summary>
    /// Once the stack trace is over, this many consecutive lines that do not look like part of a report close it
    /// (old kernels print no end marker).
    /// </summary>
    public int MaxTrailingLines { get; init; } = 30;
}
