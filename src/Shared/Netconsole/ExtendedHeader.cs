namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// The header of an extended netconsole datagram, <c>[release,]level,seq,usec,flag[,field...];</c>, parsed
/// strictly so that ordinary console text cannot pass for a record.
/// </summary>
internal ref struct ExtendedHeader
{
    /// <summary>Longer headers are not from a kernel (release + numbers + caller + ncfrag is under 120).</summary>
    public const int MaxLength = 256;

    public ReadOnlySpan<byte> Release;
    public ReadOnlySpan<byte> Caller;
    public ReadOnlySpan<byte> Body;
    public int Priority;
    public long Seq;
    public long Usec;
    public byte Flag;
    public bool HasFragment;

    /// <summary>False when an <c>ncfrag=</c> field is present but not <c>digits/digits</c> in range.</summary>
    public bool FragmentValid;
    public long FragmentOffset;
    public long FragmentTotal;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out ExtendedHeader header)
    {
        header = default;
        var limit = Math.Min(datagram.Length, MaxLength + 1);
        var semicolon = datagram[..limit].IndexOf((byte)';');
        if (semicolon <= 0)
        {
            return false;
        }

        var rest = datagram[..semicolon];
        var field = NextField(ref rest);

        // A release (6.6+) is the only first field with a dot; it must start with a digit like every uname -r.
        if (field.IndexOf((byte)'.') >= 0)
        {
            if (!IsRelease(field))
            {
                return false;
            }

            header.Release = field;
            field = NextField(ref rest);
        }

        if (!TryDigits(field, 4, out var priority) || priority > 2047)
        {
            return false;
        }

        if (!TryDigits(NextField(ref rest), 18, out header.Seq) || !TryDigits(NextField(ref rest), 18, out header.Usec))
        {
            return false;
        }

        field = NextField(ref rest);
        if (field.Length != 1 || (field[0] != (byte)'-' && field[0] != (byte)'c' && field[0] != (byte)'+'))
        {
            return false;
        }

        header.Priority = (int)priority;
        header.Flag = field[0];

        // NextField returns an empty span at the end; an empty field in the middle (",,") is not a kernel's.
        while (!rest.IsEmpty)
        {
            field = NextField(ref rest);
            if (!IsPrintableField(field))
            {
                return false;
            }

            if (field.StartsWith("caller="u8))
            {
                var caller = field[7..];
                if (caller.Length >= 2 && (caller[0] == (byte)'T' || caller[0] == (byte)'C') && AllDigits(caller[1..]))
                {
                    header.Caller = caller;
                }
            }
            else if (field.StartsWith("ncfrag="u8))
            {
                header.HasFragment = true;
                var value = field[7..];
                var slash = value.IndexOf((byte)'/');
                header.FragmentValid = slash > 0
                    && TryDigits(value[..slash], 9, out header.FragmentOffset)
                    && TryDigits(value[(slash + 1)..], 9, out header.FragmentTotal);
            }
        }

        header.Body = datagram[(semicolon + 1)..];
        return true;
    }

    private static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> rest)
    {
        var comma = rest.IndexOf((byte)',');
        if (comma < 0)
        {
            var last = rest;
            rest = default;
            return last;
        }

        var field = rest[..comma];
        rest = rest[(comma + 1)..];

        // "a," leaves an empty remainder that must still be read as a (bad) empty field.
        if (rest.IsEmpty)
        {
            rest = "\0"u8;
        }

        return field;
    }

    private static bool TryDigits(ReadOnlySpan<byte> field, int maxDigits, out long value)
    {
        value = 0;
        if (field.IsEmpty || field.Length > maxDigits)
        {
            return false;
        }

        foreach (var b in field)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var b in s)
        {
            if (b < (byte)'0' || b > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsRelease(ReadOnlySpan<byte> field)
    {
        if (field.Length > 64 || field[0] < (byte)'0' || field[0] > (byte)'9')
        {
            return false;
        }

        foreach (var b in field)
        {
            var ok = (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z')
                || b == (byte)'.' || b == (byte)'-' || b == (byte)'_' || b == (byte)'+' || b == (byte)'~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintableField(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return false;
        }

        foreach (var b in field)
        {
            if (b <= (byte)' ' || b >= 0x7f)
            {
                return false;
            }
        }

        return true;
    }
}
