using System.Numerics;
using System.Text;

namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Reuses the strings of header tokens (HOSTNAME, APP-NAME, PROCID) that repeat from message to message, so a
/// busy node costs one string per line (the text) rather than four. Two-way: a token may sit in either slot of its
/// pair, so two tokens of the same messages that hash to the same pair both stay (direct-mapped, such a pair
/// replaced each other on every message, for the life of the process: the hash seed is per process).
/// </summary>
internal sealed class TokenStringCache
{
    private const int MaxTokenBytes = 64;

    private readonly byte[]?[] _keys;
    private readonly string[] _values;
    private readonly int _mask;

    public TokenStringCache(int slots)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(slots, 2, 1 << 16));
        _keys = new byte[size][];
        _values = new string[size];
        _mask = size - 1;
    }

    public string Get(ReadOnlySpan<byte> token, ref TextEscapes escapes)
    {
        if (token.Length > MaxTokenBytes || !SyslogText.IsPrintableAscii(token))
        {
            return SyslogText.Decode(token, ref escapes);
        }

        var hash = new HashCode();
        hash.AddBytes(token);
        var first = hash.ToHashCode() & _mask & ~1;
        if (Holds(first, token))
        {
            return _values[first];
        }

        if (Holds(first + 1, token))
        {
            return _values[first + 1];
        }

        // The newest goes first, the one it displaces second, and the second's is forgotten.
        var value = Encoding.ASCII.GetString(token);
        _keys[first + 1] = _keys[first];
        _values[first + 1] = _values[first];
        _keys[first] = token.ToArray();
        _values[first] = value;
        return value;
    }

    private bool Holds(int slot, ReadOnlySpan<byte> token) => _keys[slot] is { } key && token.SequenceEqual(key);
}
