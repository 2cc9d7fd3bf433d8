using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>A test's own PostgreSQL server and data dir, for aggregator processes started on them one after another.</summary>
public abstract class PostgresAggregatorTest(string name) : IAsyncLifetime
{
    protected PostgresServer Postgres { get; } = new();

    protected string DataDir { get; } = Directory.CreateTempSubdirectory($"krglogs-{name}-").FullName;

    protected string[] Arguments => ["--postgres", Postgres.ConnectionString];

    public ValueTask InitializeAsync() => Postgres.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Postgres.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends each text as one netconsole datagram from <paramref name="source"/> to the aggregator's UDP port.</summary>
    protected static async Task SendAsync(AggregatorProcess aggregator, string source, IEnumerable<string> texts)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        foreach (var text in texts)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(text), new IPEndPoint(IPAddress.Loopback, aggregator.UdpPort));
        }
    }
}
