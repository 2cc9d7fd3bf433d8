using System.IO.Hashing;
using System.Runtime.InteropServices;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// The same kernel line can reach krglogs twice: by netconsole and through the node's syslog daemon (the
/// original set-up did both). A line is the same when its kernel timestamp and its text after the console
/// prefixes are the same; the second copy, from the other path, is dropped. Remembers a bounded window of
/// recent lines, in memory only: after a restart a late twin may be kept once more.
/// </summary>
/// <remarks>
/// The window holds each line as its kernel time and a 64-bit hash of its text, not the text: holding the strings
/// kept every kernel line alive for the whole window (seconds at a busy node, so into the GC's oldest generation)
/// and ~1 MiB of text per node. Two different lines are taken for twins only if they carry the same microsecond
/// and their hashes collide: about one chance in 2^52 per line with a full window.
/// </remarks>
public sealed class KernelLineDeduplicator(int capacity = 4096)
{
    private readonly Dictionary<TwinKey, bool> _seen = [];
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

    /// <summary>Kernel time plus a hash of the text after its prefixes: no reference to the line is kept.</summary>
    private readonly record struct TwinKey(long KernelTimeUs, ulong TextHash)
    {
        public static TwinKey Of(long kernelTimeUs, string text) =>
            new(kernelTimeUs, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan(PrefixLength(text)))));

        public override int GetHashCode() => (int)TextHash ^ (int)(TextHash >> 32) ^ (int)KernelTimeUs;
    }
}
