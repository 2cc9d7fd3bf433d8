using System.Net;
using System.Net.Sockets;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// Ports free now on loopback for both TCP and UDP, picked below the kernel's ephemeral range (32768–60999, where
/// every outgoing connection of every test also takes its local port, so a port found free there can be taken
/// again before the process under test binds it) and below the local cluster's block (21000+). Never the same port
/// twice in a run.
/// </summary>
public static class FreePorts
{
    private const int First = 10000;
    private const int End = 21000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            lock (Given)
            {
                if (Given.Contains(port) || !Free(port))
                {
                    continue;
                }

                Given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException("no free port found");
    }

    private static bool Free(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Any, port);
            tcp.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
