using System.Globalization;

namespace KrgLogs.Receiver.Hosting;

/// <summary>A <see cref="TimeSpan"/> as Akka's configuration reads it: whole milliseconds, at least 1.</summary>
public static class AkkaDuration
{
    public static string Of(TimeSpan span) => ((long)Math.Max(1, span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
}
