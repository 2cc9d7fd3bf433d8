using System.Text.Json;

namespace KrgLogs.Shared.Crashes;

/// <summary>The JSON shape of a report for <c>krglogs detect</c>: one object per report, 1-based line numbers.</summary>
public static class CrashReportJson
{
    public static void Write(Utf8JsonWriter writer, CrashReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteStartObject();
        writer.WriteString("title", report.Title);
        writer.WriteString("kind", report.Kind);
        if (report.Frame is null)
        {
            writer.WriteNull("frame");
        }
        else
        {
            writer.WriteString("frame", report.Frame);
        }

        writer.WriteBoolean("panicked", report.Panicked);
        writer.WriteBoolean("corrupted", report.Corrupted);
        writer.WriteNumber("startLine", report.FirstLineIndex + 1);
        writer.WriteNumber("endLine", report.LastLineIndex + 1);
        writer.WriteString("text", report.Text);
        writer.WriteEndObject();
    }
}
