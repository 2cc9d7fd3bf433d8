using System.Text;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Search;

/// <summary>
/// What the SQLite trigram table is given for a block: each distinct trigram of its lines once, chained where they
/// overlap. The table only answers "which blocks hold every trigram of the query" (the reader then checks lines one
/// by one), so it needs the block's set of trigrams, not its text; kernel logs repeat themselves (timestamps,
/// subsystem prefixes, hex): a block of real logs holds ~5× fewer distinct trigrams than trigrams, and each one the
/// tokenizer sees costs FTS5 a hash write. Every trigram of every line is in the result; where a chain restarts, the
/// few trigrams across the seam are extra and only let a block through that the line check then drops.
/// Trigrams never cross lines (a query never holds a newline). Not thread-safe: one per writer, reused.
/// </summary>
public sealed class TrigramText
{
    private readonly HashSet<long> _seen = [];
    private readonly StringBuilder _text = new();

    public string Of(IReadOnlyList<LogLine> lines, Range block)
    {
        var (start, count) = block.GetOffsetAndLength(lines.Count);
        _seen.Clear();
        _text.Clear();
        for (var i = start; i < start + count; i++)
        {
            Add(lines[i].Text);
        }

        return _text.ToString();
    }

    private void Add(string line)
    {
        // Code points, as the tokenizer counts them: 21 bits each, three to a key.
        Rune a = default, b = default;
        var runes = 0;
        var chained = false;
        foreach (var c in line.EnumerateRunes())
        {
            if (++runes >= 3)
            {
                var key = ((long)a.Value << 42) | ((long)b.Value << 21) | (long)c.Value;
                if (_seen.Add(key))
                {
                    // The text ends with a, b when the trigram before this one was just written.
                    if (!chained)
                    {
                        Append(a);
                        Append(b);
                    }

                    Append(c);
                    chained = true;
                }
                else
                {
                    chained = false;
                }
            }

            a = b;
            b = c;
        }
    }

    private void Append(Rune rune)
    {
        Span<char> chars = stackalloc char[2];
        _text.Append(chars[..rune.EncodeToUtf16(chars)]);
    }
}
