namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Counts refused traffic by source, in bounded memory: the first <c>capacity</c> distinct sources get their own
/// count, every later one is counted under <see cref="Other"/> (a spoofed-source flood cannot grow the map).
/// Thread-safe: the UDP thread and TCP accept loop both count here.
/// </summary>
public sealed class RefusedSources(int capacity = 64)
{
    public const string Other = "other";

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts one refusal; true when the source is new to the map (worth a log line).</summary>
    public bool Count(string source)
    {
        Interlocked.Increment(ref _total);
        lock (_counts)
        {
            if (_counts.TryGetValue(source, out var count))
            {
                _counts[source] = count + 1;
                return false;
            }

            var key = _counts.Count < capacity ? source : Other;
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            return key != Other || _counts[key] == 1;
        }
    }

    /// <summary>Counts so far, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot()
    {
        lock (_counts)
        {
            return [.. _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)];
        }
    }
}
