namespace KrgLogs.Shared.Netconsole;

/// <summary>Why a datagram (or a record) was emitted as a <c>Malformed</c> line; indexes the counters.</summary>
public enum MalformedReason : byte
{
    /// <summary>A zero-length datagram.</summary>
    Empty = 0,

    /// <summary>A NUL byte: never part of console text nor of an escaped record.</summary>
    NulByte = 1,

    /// <summary>Bytes that are not UTF-8 (outside a character cut at a datagram edge).</summary>
    InvalidUtf8 = 2,

    /// <summary>Larger than <see cref="NetconsoleOptions.MaxDatagramBytes"/>.</summary>
    Oversize = 3,

    /// <summary>ncfrag offset/total impossible (past the end, total too large, total changed).</summary>
    BadFragment = 4,
}
