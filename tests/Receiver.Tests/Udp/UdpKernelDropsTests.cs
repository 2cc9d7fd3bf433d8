using System.Net;
using System.Net.Sockets;
using KrgLogs.Receiver.Udp;

namespace KrgLogs.Receiver.Tests.Udp;

/// <summary>The kernel's drops at a full UDP socket, read from /proc/net/udp: parsed, and real.</summary>
public sealed class UdpKernelDropsTests
{
    [Fact]
    public void Sums_the_drops_column_of_the_rows_bound_to_the_port()
    {
        string[] table =
        [
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops             ",
            " 1234: 0100007F:1A0A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41234 2 0000000000000000 17    ",
            " 1235: 00000000:1A0B 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41235 2 0000000000000000 99    ",
            "garbage",
        ];

        Assert.Equal(17, UdpKernelDrops.DropsOf(table, 6666)); // 0x1A0A
        Assert.Equal(99, UdpKernelDrops.DropsOf(table, 6667));
        Assert.Equal(0, UdpKernelDrops.DropsOf(table, 7000));
    }

    [Fact]
    public void A_socket_nobody_reads_counts_what_the_kernel_dropped()
    {
        Assert.SkipUnless(File.Exists("/proc/net/udp"), "Linux /proc only");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4096 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Assert.Equal(0, UdpKernelDrops.Read(port));

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var payload = new byte[1000];
        for (var i = 0; i < 200; i++)
        {
            sender.SendTo(payload, socket.LocalEndPoint!);
        }

        var queued = socket.Available;
        var dropped = UdpKernelDrops.Read(port);
        Assert.InRange(dropped, 1, 200);
        Assert.True(queued < 200 * payload.Length, $"{queued} bytes queued");
    }
}
