namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// The few caller ids (<c>T123</c>, <c>C4</c>) and release strings a node repeats, kept as strings so that a
/// line does not allocate one each time.
/// </summary>
internal sealed class CallerNames
{
    private readonly string?[] _names = new string?[16];
    private int _next;

    public string Get(ReadOnlySpan<char> name)
    {
        foreach (var known in _names)
        {
            if (known is not null && name.SequenceEqual(known))
            {
                return known;
            }
        }

        return Remember(new string(name));
    }

    /// <summary>The bytes are ASCII (checked by the header parser).</summary>
    public string Get(ReadOnlySpan<byte> name)
    {
        foreach (var known in _names)
        {
            if (known is not null && AsciiEquals(name, known))
            {
                return known;
            }
        }

        return Remember(System.Text.Encoding.ASCII.GetString(name));
    }

    public static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private string Remember(string name)
    {
        _names[_next] = name;
        _next = (_next + 1) % _names.Length;
        return name;
    }
}
