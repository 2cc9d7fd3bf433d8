namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Reads a per-node file the way a tail would while the aggregator writes, trims or rotates it.</summary>
public static class NodeFileTexts
{
    /// <summary>The text part of each line (after the first ": "; the prefix has none); empty when there is no file.</summary>
    public static List<string> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            texts.Add(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }

        return texts;
    }
}
