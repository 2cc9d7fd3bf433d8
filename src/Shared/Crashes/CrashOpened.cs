namespace KrgLogs.Shared.Crashes;

/// <summary>
/// A "crash in progress" signal: a header line opened a report. A dying node may never finish printing,
/// so this may be the only thing anyone hears before the quiet period closes the report.
/// </summary>
/// <param name="Kind">Short class name of the header, as in <see cref="CrashReport.Kind"/>.</param>
/// <param name="HeaderLine">The header line's text as received.</param>
public sealed record CrashOpened(string Kind, string HeaderLine, DateTimeOffset At, int LineIndex, long? Seq, int Boot);
