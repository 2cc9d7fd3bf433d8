using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// Simulated nodes (one source address each, <c>127.0.{block}.{n+1}</c>) sending numbered lines at a steady rate, one
/// round (a line per node) every <see cref="Every"/>, node n always through the same receiver port. Remembers what
/// it sent and when, so a test can compute lost and doubled lines and what went to one receiver in a time span.
/// </summary>
public sealed class SteadySender : IAsyncDisposable
{
    private readonly List<UdpClient> _sockets;
    private readonly Func<int, int> _portOf;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(int Node, int Line, int Port, long At)> _log = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task? _loop;

    public SteadySender(int block, int nodes, Func<int, int> portOf, TimeSpan every)
    {
        Block = block;
        Nodes = nodes;
        Every = every;
        _portOf = portOf;
        _sockets = [.. Enumerable.Range(0, nodes).Select(n => new UdpClient(new IPEndPoint(IPAddress.Parse(Address(n)), 0)))];
    }

    public int Block { get; }

    public int Nodes { get; }

    public TimeSpan Every { get; }

    /// <summary>Rounds sent so far: every node has lines 0 … Rounds-1.</summary>
    public int Rounds { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public string Address(int node) => string.Create(CultureInfo.InvariantCulture, $"127.0.{Block}.{node + 1}");

    public static string Line(int node, int i) => string.Create(CultureInfo.InvariantCulture, $"node {node} line {i}");

    /// <summary>Starts sending; at most <paramref name="maxRounds"/> rounds (a bound, not the expected count).</summary>
    public void Start(int maxRounds) => _loop = Task.Run(async () =>
    {
        for (var i = 0; i < maxRounds && !_stop.IsCancellationRequested; i++)
        {
            for (var n = 0; n < Nodes; n++)
            {
                var port = _portOf(n);
                await _sockets[n].SendAsync(Encoding.UTF8.GetBytes(Line(n, i) + "\n"), new IPEndPoint(IPAddress.Loopback, port));
                _log.Enqueue((n, i, port, _clock.ElapsedTicks));
            }

            Rounds = i + 1;
            try
            {
                await Task.Delay(Every, _stop.Token);
            }
            catch (TaskCanceledException)
            {
            }
        }
    });

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    /// <summary>Lines sent through <paramref name="port"/> between two points of <see cref="Elapsed"/>.</summary>
    public int SentThrough(int port, TimeSpan from, TimeSpan to) =>
        _log.Count(e => e.Port == port && e.At >= from.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond && e.At <= to.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    /// <summary>The lines node <paramref name="node"/> was sent (in order).</summary>
    public IReadOnlyList<string> SentTo(int node) => [.. _log.Where(e => e.Node == node).OrderBy(e => e.Line).Select(e => Line(node, e.Line))];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _sockets.ForEach(s => s.Dispose());
        _stop.Dispose();
    }
}
