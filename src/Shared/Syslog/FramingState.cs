namespace KrgLogs.Shared.Syslog;

/// <summary>Where <see cref="SyslogFraming"/> is inside the byte stream.</summary>
internal enum FramingState
{
    FrameStart,
    Length,
    Body,
    SkipBody,
    Line,
    SkipLine,
    Resync,
    ResyncStart,
}
