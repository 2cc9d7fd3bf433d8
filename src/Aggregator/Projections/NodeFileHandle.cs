namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// One open per-node file. Unbuffered: text reaches it through the writer's one shared encoder
/// (<see cref="FileTarget"/>), so an open file costs a descriptor and no buffer, and thousands can stay open.
/// </summary>
internal sealed class NodeFileHandle(string path, FileStream stream) : IDisposable
{
    public string Path { get; } = path;

    public FileStream Stream { get; } = stream;

    /// <summary>Others may read, rename and delete it while it is open: that is what tail, grep and logrotate do.</summary>
    public static NodeFileHandle Open(string path) =>
        new(path, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0));

    /// <summary>
    /// Renamed or deleted (the path is gone), or replaced by a file shorter than what we wrote through our
    /// handle (logrotate's <c>create</c> puts an empty file there; <c>copytruncate</c> empties ours).
    /// .NET has no portable inode query, and these cover what logrotate does.
    /// </summary>
    public bool MovedAway()
    {
        var info = new FileInfo(Path);
        return !info.Exists || info.Length < Stream.Position;
    }

    public void Dispose() => Stream.Dispose();
}
