namespace KrgLogs.Shared.Lines;

/// <summary>
/// One line of a node's log, as krglogs keeps it. A struct so that decoders add no allocation per line
/// beyond the text itself.
/// </summary>
/// <param name="Text">The line without its newline; never contains '\n'.</param>
/// <param name="ReceivedAt">When the collector received the datagram (or frame) that completed the line.</param>
/// <param name="Stream">Kernel console or syslog.</param>
/// <param name="Level">Severity 0–7 when known, else -1.</param>
/// <param name="Facility">Syslog facility 0–23 when known, else -1.</param>
/// <param name="KernelTimeUs">The kernel's own timestamp (µs since boot) when the line carried one, else -1.</param>
/// <param name="Seq">The printk sequence number (extended netconsole), else -1.</param>
/// <param name="Caller">The printk caller (`T123`, `C4`) when known.</param>
/// <param name="Boot">Boot epoch of the node: 0 for the first boot seen, +1 at every reboot detected.</param>
/// <param name="Host">The syslog HOSTNAME field, when the line came by syslog.</param>
/// <param name="App">The syslog APP-NAME / TAG.</param>
/// <param name="ProcId">The syslog PROCID / [pid].</param>
/// <param name="Flags">What happened to the line on its way.</param>
public readonly record struct LogLine(
    string Text,
    DateTimeOffset ReceivedAt,
    LogStream Stream = LogStream.Kernel,
    int Level = -1,
    int Facility = -1,
    long KernelTimeUs = -1,
    long Seq = -1,
    string? Caller = null,
    int Boot = 0,
    string? Host = null,
    string? App = null,
    string? ProcId = null,
    LineFlags Flags = LineFlags.None);
