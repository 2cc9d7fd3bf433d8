using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KrgLogs.Receiver.Udp;

/// <summary>
/// Source address → node name. netconsole carries no host name: the source IP is the node. Names are cached
/// per address so the hot path allocates nothing for a node seen before.
/// </summary>
public sealed class SourceNames
{
    private readonly Dictionary<uint, string> _ipv4 = [];
    private readonly Dictionary<IPAddress, string> _other = [];

    public string NameOf(SocketAddress address)
    {
        if (address.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family(2) port(2) addr(4), address in network order.
            var key = BinaryPrimitives.ReadUInt32BigEndian(address.Buffer.Span[4..8]);
            if (!_ipv4.TryGetValue(key, out var name))
            {
                name = new IPAddress(address.Buffer.Span[4..8]).ToString();
                _ipv4[key] = name;
            }

            return name;
        }

        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(address);
        var ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (!_other.TryGetValue(ip, out var other))
        {
            other = ip.ToString();
            _other[ip] = other;
        }

        return other;
    }
}
