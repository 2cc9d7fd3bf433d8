using System.Globalization;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// The journal offset up to which the files are complete, kept in <c>&lt;logdir&gt;/.offset</c> beside the files it
/// describes: pointing <c>--log-dir</c> at an empty directory rebuilds the files from the whole journal, and
/// deleting the directory resets both together. Replaced atomically (write a temp file, fsync, rename), so a
/// crash leaves the old or the new offset, never a torn one.
/// </summary>
public sealed class ProjectionOffset(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, ".offset");

    /// <summary>The last offset stored; 0 when nothing was written yet (journal orderings start at 1).</summary>
    public long Read()
    {
        if (!File.Exists(Path))
        {
            return 0;
        }

        var text = File.ReadAllText(Path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidDataException($"{Path} does not hold an offset: '{text}'");
    }

    public void Write(long offset)
    {
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(offset.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
