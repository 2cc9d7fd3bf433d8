using System.Net;
using System.Net.Sockets;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Ports the kernel says are free now, on loopback; each checked for both TCP and UDP.</summary>
public static class FreePorts
{
    public static int Next()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
                return port;
            }
            catch (SocketException)
            {
                // taken for UDP: try another
            }
        }

        throw new InvalidOperationException("no free port found");
    }
}
