namespace KrgLogs.LoadGen;

/// <summary>
/// Real crash logs from the syzkaller corpus (../shared/corpora/crashes/syzkaller): files with a TITLE, not
/// CORRUPTED, whose console log reaches an end marker (<c>---[ end trace</c> / <c>---[ end Kernel panic</c>)
/// within a few dozen lines. Sent up to and including that marker, so the report closes at once and the
/// alert latency measures krglogs, not the 10 s quiet timeout.
/// </summary>
public sealed class CrashCorpus
{
    private const int MaxLines = 120;
    private readonly List<(string File, string Title, string[] Lines)> _logs = [];
    private int _next;

    public CrashCorpus(string directory)
    {
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var all = File.ReadAllLines(file);
            if (all.Length == 0 || !all[0].StartsWith("TITLE: ", StringComparison.Ordinal)
                || all.Any(l => l == "CORRUPTED: Y"))
            {
                continue;
            }

            var start = Array.IndexOf(all, string.Empty) + 1;
            var end = -1;
            for (var i = start; i < all.Length && i - start < MaxLines; i++)
            {
                if (all[i] == "REPORT:")
                {
                    break;
                }

                if (all[i].Contains("---[ end trace", StringComparison.Ordinal) || all[i].Contains("---[ end Kernel panic", StringComparison.Ordinal))
                {
                    end = i;
                    break;
                }
            }

            if (start > 0 && end > start)
            {
                _logs.Add((Path.GetFileName(file), all[0][7..], all[start..(end + 1)]));
            }
        }

        if (_logs.Count == 0)
        {
            throw new ArgumentException($"no usable crash log (TITLE, end marker within {MaxLines} lines) in {directory}");
        }
    }

    public int Count => _logs.Count;

    /// <summary>The next log, cycling through the usable ones in file-name order.</summary>
    public (string File, string Title, string[] Lines) Next() => _logs[_next++ % _logs.Count];
}
