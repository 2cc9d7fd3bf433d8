using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// One printk record, unescaped, waiting in the reorder window or for a continuation.
/// <see cref="Text"/> holds '\n' where the record had <c>\x0a</c>: it becomes one line per part.
/// </summary>
internal readonly record struct ExtendedRecord(
    long Seq,
    int Priority,
    long Usec,
    string? Caller,
    byte Flag,
    string Text,
    LineFlags Flags,
    DateTimeOffset ReceivedAt);
