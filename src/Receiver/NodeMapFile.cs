using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver;

/// <summary>
/// The operator's node map file (<see cref="ReceiverOptions.NodeMapFile"/>), re-read when it changes (checked
/// every couple of seconds by its modification time: cheap, and works on NFS where inotify does not). A bad file
/// keeps the previous map and says why.
/// </summary>
public sealed class NodeMapFile : IDisposable
{
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Timer? _timer;
    private DateTime _loadedWriteTime;
    private NodeNameMap _map = NodeNameMap.Empty;
    private int _version;

    public NodeMapFile(string? path, ILogger logger, TimeSpan? checkEvery = null)
    {
        _path = path;
        _logger = logger;
        if (path is null)
        {
            return;
        }

        Reload();
        var every = checkEvery ?? TimeSpan.FromSeconds(2);
        _timer = new Timer(_ => Reload(), null, every, every);
    }

    public NodeNameMap Map => Volatile.Read(ref _map);

    /// <summary>Changes whenever a new map is in force, so callers can drop names they cached.</summary>
    public int Version => Volatile.Read(ref _version);

    public void Reload()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            var writeTime = File.GetLastWriteTimeUtc(_path);
            if (writeTime == _loadedWriteTime)
            {
                return;
            }

            var map = NodeNameMap.Parse(File.ReadAllText(_path));
            _loadedWriteTime = writeTime;
            Volatile.Write(ref _map, map);
            Interlocked.Increment(ref _version);
            _logger.LogInformation("Node map {Path}: {Count} entries", _path, map.Count);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Node map {Path} not loaded, keeping the previous one ({Count} entries): {Reason}", _path, Map.Count, e.Message);
            _loadedWriteTime = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default;
        }
    }

    public void Dispose() => _timer?.Dispose();
}
