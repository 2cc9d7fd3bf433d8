using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.Receiver.Udp;

namespace KrgLogs.Receiver.Tests.Udp;

/// <summary>recvmmsg(2) on a real UDP socket on loopback: payloads, source addresses, and an empty queue.</summary>
public sealed class MultiMessageReaderTests : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public MultiMessageReaderTests() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose() => _socket.Dispose();

    private void SendFrom(string source, byte[] payload)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        client.SendTo(payload, _socket.LocalEndPoint!);
    }

    /// <summary>Reads until <paramref name="count"/> datagrams came (loopback delivers at once, but bounded anyway).</summary>
    private static List<(string Source, byte[] Payload)> ReadAll(MultiMessageReader reader, int count)
    {
        var got = new List<(string, byte[])>();
        var address = new SocketAddress(AddressFamily.InterNetwork);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (got.Count < count && DateTime.UtcNow < deadline)
        {
            var n = reader.Receive();
            for (var i = 0; i < n; i++)
            {
                reader.SourceOf(i, address);
                var source = ((IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address)).Address.ToString();
                got.Add((source, reader.Payload(i).ToArray()));
            }
        }

        return got;
    }

    [Fact]
    public void An_empty_queue_reads_nothing_without_blocking()
    {
        Assert.SkipUnless(MultiMessageReader.IsSupported, "recvmmsg is Linux 64-bit only");
        using var reader = new MultiMessageReader(_socket);

        Assert.Equal(0, reader.Receive());
    }

    [Fact]
    public void Datagrams_from_several_sources_come_whole_with_their_addresses_in_order_across_calls()
    {
        Assert.SkipUnless(MultiMessageReader.IsSupported, "recvmmsg is Linux 64-bit only");
        using var reader = new MultiMessageReader(_socket, slots: 4);
        var sent = new List<(string, byte[])>();
        for (var i = 0; i < 10; i++)
        {
            var source = i % 2 == 0 ? "127.0.0.2" : "127.0.0.3";
            var payload = Encoding.ASCII.GetBytes($"line {i} " + new string('x', i * 100));
            SendFrom(source, payload);
            sent.Add((source, payload));
        }

        var got = ReadAll(reader, sent.Count);

        Assert.Equal(sent.Select(s => s.Item1), got.Select(g => g.Source));
        Assert.Equal(sent.Select(s => Encoding.ASCII.GetString(s.Item2)), got.Select(g => Encoding.ASCII.GetString(g.Payload)));
        Assert.Equal(0, reader.Receive());
    }

    [Fact]
    public void The_largest_udp_payload_fits_a_slot()
    {
        Assert.SkipUnless(MultiMessageReader.IsSupported, "recvmmsg is Linux 64-bit only");
        _socket.ReceiveBufferSize = 1 << 20;
        using var reader = new MultiMessageReader(_socket, slots: 2);
        var payload = new byte[65507];
        new Random(7).NextBytes(payload);
        SendFrom("127.0.0.4", payload);

        var got = ReadAll(reader, 1);

        Assert.Equal(payload, Assert.Single(got).Payload);
    }
}
