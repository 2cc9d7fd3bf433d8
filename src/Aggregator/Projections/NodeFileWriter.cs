using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Text;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// Appends lines to <c>&lt;directory&gt;/&lt;node&gt;.log</c> with at most <c>maxOpen</c> handles open (least recently
/// used closed first). Driven by one caller at a time; only <see cref="RequestReopen"/> may be called from
/// elsewhere (a signal handler). All files are written through one text encoder (<see cref="FileTarget"/>), so a
/// handle holds no buffer and a site's every node can keep its file open (<see cref="DefaultMaxOpen"/>): with 1,000
/// nodes and the old bound of 256, each batch closed (and fsynced) and reopened some 750 files.
/// </summary>
public sealed class NodeFileWriter : IDisposable
{
    /// <summary>
    /// Files kept open unless told otherwise: 4,096, enough for most sites' every node, or a quarter of the process's
    /// open-file limit when that is lower (the systemd units allow 65,536), leaving the rest to the journal, the index
    /// and the sockets. Past it, the least recently written file is closed, and opened again when its node next sends.
    /// </summary>
    public static int DefaultMaxOpen { get; } = (int)Math.Clamp((OpenFileLimit.Current() ?? 1024) / 4, 16, 4096);

    /// <summary>
    /// Above this many files written in a batch, one <c>syncfs</c> makes them durable rather than an fsync each
    /// (<see cref="FileSystemSync"/>); below, syncing the whole file system would mostly write back others' data.
    /// </summary>
    private const int SyncFileSystemAbove = 16;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Dictionary<string, LinkedListNode<NodeFileHandle>> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<NodeFileHandle> _recent = new();
    private readonly HashSet<NodeFileHandle> _dirty = [];
    private readonly Dictionary<string, NodeNames> _names = new(StringComparer.Ordinal);
    private readonly int _maxOpen;
    private readonly FileTarget _target = new();
    private readonly StreamWriter _text;
    private NodeFileHandle? _current;
    private int _reopenRequested;

    public NodeFileWriter(string directory, int? maxOpen = null)
    {
        _maxOpen = maxOpen ?? DefaultMaxOpen;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxOpen, 1, nameof(maxOpen));
        Directory = directory;
        _text = new StreamWriter(_target, Utf8, bufferSize: 64 * 1024);
    }

    public string Directory { get; }

    public int OpenCount => _open.Count;

    /// <summary>logrotate's SIGHUP: every handle is closed before the next write and reopened by path.</summary>
    public void RequestReopen() => Interlocked.Exchange(ref _reopenRequested, 1);

    /// <summary>Appends one log line in the file format (<see cref="NodeFileLine.Write"/>), without a string per line.</summary>
    public void Append(string node, LogLine line)
    {
        var (fileName, escapedNode) = NamesOf(node);
        Open(fileName);
        NodeFileLine.Write(_text, escapedNode, line);
        _text.Write('\n');
    }

    /// <summary>Appends text as it is (tests, and anything already formatted).</summary>
    public void Append(string node, string line)
    {
        Open(NamesOf(node).FileName);
        _text.Write(line);
        _text.Write('\n');
    }

    /// <summary>Everything appended since the last call reaches the disk: only then may the offset move on.</summary>
    public void Flush()
    {
        _text.Flush();
        if (_dirty.Count > SyncFileSystemAbove && FileSystemSync.TrySync(_dirty.First().Stream.SafeFileHandle))
        {
            _dirty.Clear();
            return;
        }

        foreach (var file in _dirty)
        {
            file.Stream.Flush(flushToDisk: true);
        }

        _dirty.Clear();
    }

    /// <summary>
    /// Retention: drops the lines at the start of the node's file received at or before <paramref name="newestDeleted"/>
    /// (the journal no longer holds them); returns how many. Lines are in arrival order, so it stops at the first
    /// line kept and never drops one after it. The rest is written to a new file that replaces the old one; rotated
    /// files (<c>node.log.1</c>…) are logrotate's.
    /// </summary>
    public long Trim(string node, DateTimeOffset newestDeleted)
    {
        var fileName = NamesOf(node).FileName;
        if (_open.TryGetValue(fileName, out var handle))
        {
            Close(handle);
        }

        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        long dropped;
        using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
        {
            var keepFrom = NodeFileLine.FirstKept(input, newestDeleted.UtcDateTime, out dropped);
            if (dropped == 0)
            {
                return 0;
            }

            input.Position = keepFrom;
            var temporary = path + ".trim";
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }

        return dropped;
    }

    /// <summary>Closes every file, after what was appended to them reached the disk.</summary>
    public void CloseAll()
    {
        Flush();
        Retarget(null);
        foreach (var file in _recent)
        {
            file.Dispose();
        }

        _recent.Clear();
        _open.Clear();
        _dirty.Clear();
    }

    public void Dispose()
    {
        CloseAll();
        _text.Dispose();
    }

    /// <summary>A node's file name and its name as written in its lines, worked out once per node.</summary>
    private readonly record struct NodeNames(string FileName, string EscapedNode);

    private NodeNames NamesOf(string node)
    {
        if (!_names.TryGetValue(node, out var names))
        {
            if (_names.Count >= 100_000)
            {
                _names.Clear(); // bounded: a flood of made-up node names must not grow it forever
            }

            names = new NodeNames(NodeFileLine.FileNameOf(node), EscapedText.Escape(node));
            _names[node] = names;
        }

        return names;
    }

    /// <summary>Makes the file the shared encoder's target, marked as needing a flush.</summary>
    private void Open(string fileName)
    {
        if (Interlocked.Exchange(ref _reopenRequested, 0) == 1)
        {
            CloseAll();
        }

        var file = Get(fileName);
        Retarget(file);
        _dirty.Add(file);
    }

    /// <summary>What the encoder holds goes to the file it was written for before the next file's text comes.</summary>
    private void Retarget(NodeFileHandle? file)
    {
        if (file == _current)
        {
            return;
        }

        _text.Flush();
        _current = file;
        _target.File = file?.Stream;
    }

    private NodeFileHandle Get(string fileName)
    {
        if (_open.TryGetValue(fileName, out var node))
        {
            var file = node.Value;
            // Checked once per batch per file: a stat is cheap next to an fsync.
            if (_dirty.Contains(file) || !file.MovedAway())
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return file;
            }

            Close(node);
        }

        while (_open.Count >= _maxOpen && _recent.Last is { } oldest)
        {
            Close(oldest);
        }

        var opened = NodeFileHandle.Open(Path.Combine(Directory, fileName));
        _open[fileName] = _recent.AddFirst(opened);
        return opened;
    }

    private void Close(LinkedListNode<NodeFileHandle> node)
    {
        var file = node.Value;
        if (file == _current)
        {
            Retarget(null);
        }

        if (_dirty.Remove(file))
        {
            file.Stream.Flush(flushToDisk: true);
        }

        _recent.Remove(node);
        _open.Remove(System.IO.Path.GetFileName(file.Path));
        file.Dispose();
    }
}
