using KrgLogs.Aggregator.Crashes;

namespace KrgLogs.Aggregator.Api;

/// <summary>A crash report as the API shows it; <see cref="Text"/> only when one report is asked for.</summary>
public sealed record CrashDto(
    string Id,
    string Node,
    string Title,
    string Kind,
    string? Frame,
    bool Panicked,
    bool Corrupted,
    string? KernelVersion,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    int Boot,
    string? Text)
{
    public static CrashDto From(CrashDetected crash, bool withText) => new(
        crash.Id,
        crash.Node,
        crash.Report.Title,
        crash.Report.Kind,
        crash.Report.Frame,
        crash.Report.Panicked,
        crash.Report.Corrupted,
        crash.Report.KernelVersion,
        crash.Report.FirstAt,
        crash.Report.LastAt,
        crash.Report.Boot,
        withText ? crash.Report.Text : null);
}
