using System.Buffers;
using System.Numerics;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// What a block gives the trigram index (SQLite's FTS5 table, PostgreSQL's pg_trgm column): the distinct
/// whitespace-separated tokens of its lines, a space apart, in the order first seen. Kernel logs repeat their tokens:
/// on the crash corpus a block's distinct tokens are about 60 % of its text, and the trigram work (FTS5's pending-terms
/// hash, pg_trgm's extraction and sort of every occurrence) falls with it. A searched substring is then asked as its
/// <see cref="Parts"/>: each lies inside one token, so every block holding the substring is still a candidate, and the
/// reader checks the lines themselves.
/// </summary>
public static class TrigramDocument
{
    // Every character char.IsWhiteSpace takes (as string.Split does in Parts), for the vectorised span search.
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);

    public static string Of(IReadOnlyList<LogLine> lines, Range block)
    {
        var (offset, count) = block.GetOffsetAndLength(lines.Count);
        var length = 0;
        for (var i = offset; i < offset + count; i++)
        {
            length += lines[i].Text.Length + 1;
        }

        // Tokens already written, by where they are in the document: open addressing, each slot (start + 1) << 32 |
        // length, at most half full (a token and its separator take two characters or more). No string per token.
        var document = ArrayPool<char>.Shared.Rent(length);
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)length);
        var slots = ArrayPool<long>.Shared.Rent(capacity);
        Array.Clear(slots, 0, capacity);
        var written = 0;
        try
        {
            for (var i = offset; i < offset + count; i++)
            {
                var text = lines[i].Text.AsSpan();
                foreach (var range in text.SplitAny(WhiteSpace))
                {
                    var token = text[range];
                    if (!token.IsEmpty && Add(token, document, slots, capacity - 1, written))
                    {
                        token.CopyTo(document.AsSpan(written));
                        written += token.Length;
                        document[written++] = ' ';
                    }
                }
            }

            return new string(document, 0, written);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(slots);
            ArrayPool<char>.Shared.Return(document);
        }
    }

    /// <summary>
    /// The parts of a searched substring between whitespace. A block whose text holds the substring holds each part
    /// inside one of its tokens.
    /// </summary>
    public static IReadOnlyList<string> Parts(string contains) =>
        contains.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when <paramref name="token"/> is new: its slot now points where it is about to be written.</summary>
    private static bool Add(ReadOnlySpan<char> token, char[] document, long[] slots, int mask, int at)
    {
        // Randomised per process (Marvin), so a node cannot send tokens that all collide.
        for (var s = string.GetHashCode(token) & mask; ; s = (s + 1) & mask)
        {
            var slot = slots[s];
            if (slot == 0)
            {
                slots[s] = ((long)(at + 1) << 32) | (uint)token.Length;
                return true;
            }

            if ((int)slot == token.Length && document.AsSpan((int)(slot >> 32) - 1, token.Length).SequenceEqual(token))
            {
                return false;
            }
        }
    }
}
