using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The TCP syslog limits on the real process: a connection over the per-source limit, an oversized frame and an idle
/// connection each get their outcome, and each shows in /metrics and in the log; the lines around them are stored.
/// </summary>
public sealed class TcpLimitsTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string Node = "127.0.0.60";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-tcplimits-").FullName;

    [Fact]
    public async Task Connection_frame_and_idle_limits_are_counted_in_metrics_and_logged()
    {
        await using var aggregator = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "data"),
            extraArgs: ["--no-log-files", "true", "--MaxTcpConnectionsPerSource", "1", "--MaxFrameBytes", "200", "--TcpIdleTimeout", "00:00:03"]);
        var server = new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort);
        using var first = await Connect(server);
        var huge = "<13>Nov 27 08:00:00 n60 app: " + new string('x', 400);
        await first.SendAsync(Encoding.UTF8.GetBytes(huge + "\n<13>Nov 27 08:00:00 n60 app: after the huge one\n"));

        using var second = await Connect(server);
        await ClosedByServer(second); // over MaxTcpConnectionsPerSource

        var lines = await aggregator.WaitForLinesAsync(Node, l => l.Count == 2, "the cut frame and the one after it");
        Assert.Contains("truncated", lines[0].Flags ?? []);
        Assert.Equal("after the huge one", lines[1].Text);

        await ClosedByServer(first); // idle for 3 s
        var metrics = await Eventually.Get(
            () => Metrics.ScrapeAsync(aggregator.Http),
            m => m.Sum("krglogs_receiver_tcp_idle_closed_total") == 1,
            TimeSpan.FromSeconds(30),
            "the idle close is counted");
        Assert.Equal(1, metrics.Sum("krglogs_receiver_tcp_refused_by_source_total"));
        Assert.Equal(1, metrics.Sum("krglogs_receiver_tcp_refused_total"));
        Assert.Equal(1, metrics.Sum("krglogs_receiver_tcp_frame_faults_total"));
        Assert.Equal(0, metrics.Sum("krglogs_receiver_tcp_connections_open"));
        var page = await aggregator.Http.GetStringAsync("metrics");
        Assert.Contains($"krglogs_receiver_tcp_refused_by_source_total{{source=\"{Node}\"}} 1", page, StringComparison.Ordinal);
        Assert.Contains($"krglogs_receiver_tcp_frame_faults_total{{node=\"{Node}\",fault=\"oversized\"}} 1", page, StringComparison.Ordinal);
        Assert.Contains($"krglogs_receiver_tcp_refused_by_limit_total{{limit=\"per_source\"}} 1", page, StringComparison.Ordinal);

        var log = aggregator.Output;
        Assert.Contains($"Refused a syslog TCP connection from {Node}", log, StringComparison.Ordinal);
        Assert.Contains("(MaxFrameBytes) was cut", log, StringComparison.Ordinal);
        Assert.Contains($"Closed the syslog TCP connection from {Node}: nothing received", log, StringComparison.Ordinal);
        output.WriteLine("FIGURE bad inputs: 3 TCP limits exceeded on the real process (connections per source, frame size, idle), each counted in /metrics and logged");
    }

    private static async Task<Socket> Connect(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(Node), 0));
        await socket.ConnectAsync(server);
        return socket;
    }

    private static async Task ClosedByServer(Socket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, deadline.Token));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // closed with unread data
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
