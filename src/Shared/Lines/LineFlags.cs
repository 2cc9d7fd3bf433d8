namespace KrgLogs.Shared.Lines;

/// <summary>What happened to a line on its way; persisted as a number, so values never change meaning.</summary>
[Flags]
public enum LineFlags : ushort
{
    None = 0,

    /// <summary>No newline came: the line was flushed by an idle timeout (plain netconsole has no sequence).</summary>
    PartialFlushed = 1 << 0,

    /// <summary>An extended record whose ncfrag fragments never all arrived; what came is kept.</summary>
    IncompleteFragment = 1 << 1,

    /// <summary>The line reached krglogs through the node's syslog daemon.</summary>
    FromSyslog = 1 << 2,

    /// <summary>Input that no decoder understood; the text holds the raw bytes, escaped.</summary>
    Malformed = 1 << 3,

    /// <summary>The line was longer than the collector keeps and was cut.</summary>
    Truncated = 1 << 4,

    /// <summary>A continuation record (LOG_CONT) merged into this line.</summary>
    Continued = 1 << 5,
}
