using System.Runtime.InteropServices;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// The same kernel line can reach krglogs twice: by netconsole and through the node's syslog daemon (the
/// original set-up did both). A line is the same when its kernel timestamp and its text after the console
/// prefixes are the same; the second copy, from the other path, is dropped. Remembers a bounded window of
/// recent lines, in memory only: after a restart a late twin may be kept once more.
/// </summary>
public sealed class KernelLineDeduplicator(int capacity = 4096)
{
    // Keys point into the line's own text (no substring per line: this runs for every kernel line).
    private readonly Dictionary<TwinKey, bool> _seen = new(TwinKey.Comparer);
    private readonly Queue<TwinKey> _order = new();

    public long Dropped { get; private set; }

    /// <summary>True when the line should be kept; <paramref name="fromSyslog"/> names the path it came by.</summary>
    public bool Keep(in LogLine line, bool fromSyslog)
    {
        if (line.Stream != LogStream.Kernel || line.KernelTimeUs < 0)
        {
            return true;
        }

        var key = TwinKey.Of(line.KernelTimeUs, line.Text);
        ref var seenFromSyslog = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, key, out var seen);
        if (seen)
        {
            if (seenFromSyslog != fromSyslog)
            {
                _seen.Remove(key); // a third copy would be a real repeat
                Dropped++;
                return false;
            }

            return true;
        }

        seenFromSyslog = fromSyslog;
        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        return true;
    }

    /// <summary>`[   12.345678] [T12] text` → `text`: extended records carry no prefix, consoles and syslog do.</summary>
    public static string WithoutPrefixes(string text)
    {
        var at = PrefixLength(text);
        return at == 0 ? text : text[at..];
    }

    /// <summary>How many characters of `[…] ` prefixes (each at most 24 characters inside) start the text.</summary>
    public static int PrefixLength(string text)
    {
        var at = 0;
        while (at < text.Length && text[at] == '[')
        {
            var close = text.IndexOf(']', at);
            if (close < 0 || close - at > 24)
            {
                break;
            }

            at = close + 1;
            if (at < text.Length && text[at] == ' ')
            {
                at++;
            }
        }

        return at;
    }

    /// <summary>
    /// Kernel time plus the text from <see cref="Start"/> on, compared as characters. The hash is taken once: every
    /// key is looked up, added and later evicted, and hashing the text each time was most of this class's cost.
    /// </summary>
    private readonly record struct TwinKey(long KernelTimeUs, string Text, int Start, int Hash)
    {
        public static readonly IEqualityComparer<TwinKey> Comparer = new TwinKeyComparer();

        public ReadOnlySpan<char> Body => Text.AsSpan(Start);

        public static TwinKey Of(long kernelTimeUs, string text)
        {
            var start = PrefixLength(text);
            return new TwinKey(kernelTimeUs, text, start, HashCode.Combine(kernelTimeUs, string.GetHashCode(text.AsSpan(start))));
        }
    }

    private sealed class TwinKeyComparer : IEqualityComparer<TwinKey>
    {
        public bool Equals(TwinKey x, TwinKey y) => x.Hash == y.Hash && x.KernelTimeUs == y.KernelTimeUs && x.Body.SequenceEqual(y.Body);

        public int GetHashCode(TwinKey key) => key.Hash;
    }
}
