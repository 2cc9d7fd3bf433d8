namespace KrgLogs.LoadGen;

/// <summary>What the journal holds of one node's numbered lines: which arrived, how often, in what order.</summary>
public sealed class NodeTally(string node, long sent, int crashesSent)
{
    private readonly byte[] _seen = new byte[sent];
    private readonly long[] _highest = [-1, -1];

    public string Node => node;

    public long Sent => sent;

    public long Found { get; private set; }

    public long Duplicated { get; private set; }

    public long OutOfOrder { get; private set; }

    /// <summary>A numbered line with a sequence number never sent, or another node's line in this node's log.</summary>
    public long Foreign { get; private set; }

    public int CrashesSent => crashesSent;

    public int CrashesFound { get; set; }

    public long Lost => sent - Found;

    /// <summary>Order is checked per channel (kernel console, syslog): krglogs keeps each channel's order,
    /// not the interleaving between them (an extended record waits for a possible continuation).</summary>
    public void See(long seq, int channel)
    {
        if (seq < 0 || seq >= sent)
        {
            Foreign++;
            return;
        }

        if (_seen[seq] != 0)
        {
            Duplicated++;
            return;
        }

        _seen[seq] = 1;
        Found++;
        if (seq < _highest[channel])
        {
            OutOfOrder++;
        }
        else
        {
            _highest[channel] = seq;
        }
    }

    public void SeeForeign() => Foreign++;

    /// <summary>The first few runs of missing sequence numbers, "from-to", for a quick look at what went.</summary>
    public string[] MissingRanges(int max = 5)
    {
        var ranges = new List<string>();
        for (long i = 0; i < _seen.Length && ranges.Count < max; i++)
        {
            if (_seen[i] != 0)
            {
                continue;
            }

            var from = i;
            while (i + 1 < _seen.Length && _seen[i + 1] == 0)
            {
                i++;
            }

            ranges.Add(from == i ? $"{from}" : $"{from}-{i}");
        }

        return [.. ranges];
    }
}
