using System.Text;

namespace KrgLogs.Shared.Text;

/// <summary>
/// Log text is untrusted: before it reaches a terminal or a line-oriented file, control characters (C0, DEL,
/// C1 — the ones that drive terminals and split lines — and the bidirectional overrides) are written as visible escapes.
/// </summary>
public static class EscapedText
{
    public static bool NeedsEscaping(string text)
    {
        // Nearly every log line is printable ASCII, which one vectorized scan clears; the rest is checked char by char.
        var at = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (at < 0)
        {
            return false;
        }

        foreach (var c in text.AsSpan(at))
        {
            if (IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>`\t` stays readable as `\t`; `\` itself is left alone so ordinary text reads unchanged.</summary>
    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (IsControl(c))
                    {
                        sb.Append(c <= 0xff ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    // Also the bidirectional embeddings, overrides and isolates: they make a line show other text than it holds.
    private static bool IsControl(char c) =>
        c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
