using System.Numerics;
using System.Text;

namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Reuses the strings of header tokens (HOSTNAME, APP-NAME, PROCID) that repeat from message to message, so a
/// busy node costs one string per line (the text) rather than four. Direct-mapped: a collision just replaces.
/// </summary>
internal sealed class TokenStringCache
{
    private const int MaxTokenBytes = 64;

    private readonly byte[]?[] _keys;
    private readonly string[] _values;
    private readonly int _mask;

    public TokenStringCache(int slots)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(slots, 1, 1 << 16));
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
        var slot = hash.ToHashCode() & _mask;
        var key = _keys[slot];
        if (key is not null && token.SequenceEqual(key))
        {
            return _values[slot];
        }

        var value = Encoding.ASCII.GetString(token);
        _keys[slot] = token.ToArray();
        _values[slot] = value;
        return value;
    }
}
