namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>One file of syzkaller's report corpus: expected titles, then the console log.</summary>
internal sealed record SyzkallerCase(string Name, string? Title, IReadOnlyList<string> AltTitles, bool Corrupted, string Log)
{
    public static SyzkallerCase Load(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var alts = new List<string>();
        string? title = null;
        var corrupted = false;
        var pos = 0;
        while (pos < text.Length)
        {
            var end = text.IndexOf('\n', pos);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text[pos..end];
            pos = end + 1;
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("TITLE: ", StringComparison.Ordinal))
            {
                title = line[7..];
            }
            else if (line.StartsWith("ALT: ", StringComparison.Ordinal))
            {
                alts.Add(line[5..]);
            }
            else if (line.StartsWith("CORRUPTED: Y", StringComparison.Ordinal))
            {
                corrupted = true;
            }
        }

        var log = pos < text.Length ? text[pos..] : string.Empty;
        var report = log.IndexOf("\nREPORT:\n", StringComparison.Ordinal);
        if (report >= 0)
        {
            log = log[..report];
        }

        return new SyzkallerCase(System.IO.Path.GetFileName(path), title, alts, corrupted, log);
    }
}
