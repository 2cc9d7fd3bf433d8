using System.Buffers.Binary;
using System.Buffers.Text;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// The opaque paging cursor: the index key of the last line looked at, versioned and base64url-encoded so
/// clients pass it back untouched (<c>after=…</c>) and the format may change without breaking a URL's meaning
/// silently: an unknown version is a clear 400, not a wrong page.
/// </summary>
public static class SearchCursor
{
    private const byte Version = 1;

    public static string Encode(long key)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], key);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out long key)
    {
        key = 0;
        // Base64Url throws on characters outside its alphabet: a cursor is user input, so check first.
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 16 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[12];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 9 || bytes[0] != Version)
        {
            return false;
        }

        key = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        return key >= 0;
    }
}
