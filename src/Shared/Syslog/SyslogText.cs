using System.Buffers;
using System.Text;

namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Bytes to text for syslog fields. Valid UTF-8 is kept; control bytes (except TAB) and bytes that are not UTF-8
/// become <c>\xNN</c>, so a line never holds a newline and the raw bytes stay recoverable.
/// </summary>
internal static class SyslogText
{
    private const int StackChars = 512;

    public static string Decode(ReadOnlySpan<byte> bytes, ref TextEscapes escapes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        // Fast path: printable ASCII, the overwhelming case; vectorised scan and copy.
        if (bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0)
        {
            return Encoding.ASCII.GetString(bytes);
        }

        return DecodeSlow(bytes, ref escapes);
    }

    public static bool IsPrintableAscii(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0;

    private static string DecodeSlow(ReadOnlySpan<byte> bytes, ref TextEscapes escapes)
    {
        // Worst case every byte becomes "\xNN".
        var needed = bytes.Length * 4;
        char[]? rented = null;
        var buffer = needed <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(needed));
        try
        {
            var n = 0;
            var i = 0;
            while (i < bytes.Length)
            {
                var b = bytes[i];
                if (b < 0x80)
                {
                    if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
                    {
                        escapes |= TextEscapes.ControlBytes;
                        n = WriteEscape(buffer, n, b);
                    }
                    else
                    {
                        buffer[n++] = (char)b;
                    }

                    i++;
                    continue;
                }

                if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == OperationStatus.Done)
                {
                    n += rune.EncodeToUtf16(buffer[n..]);
                    i += consumed;
                }
                else
                {
                    // One byte at a time: the rest of a broken sequence is escaped on the next turns.
                    escapes |= TextEscapes.InvalidUtf8;
                    n = WriteEscape(buffer, n, b);
                    i++;
                }
            }

            return new string(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int WriteEscape(Span<char> buffer, int n, byte b)
    {
        const string Hex = "0123456789abcdef";
        buffer[n] = '\\';
        buffer[n + 1] = 'x';
        buffer[n + 2] = Hex[b >> 4];
        buffer[n + 3] = Hex[b & 0xf];
        return n + 4;
    }
}
