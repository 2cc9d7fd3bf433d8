using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Sends a recorded netconsole capture (../shared/captures/*.jsonl) datagram by datagram, as it arrived.</summary>
public static class CaptureReplay
{
    public static async Task SendAsync(string capture, string source, int port)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Shared, "captures", capture)))
        {
            using var json = JsonDocument.Parse(line);
            await udp.SendAsync(Convert.FromBase64String(json.RootElement.GetProperty("b64").GetString()!), target);
        }
    }
}
