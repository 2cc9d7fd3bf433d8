using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KrgLogs.Receiver.Udp;

/// <summary>
/// Source address → node name: the operator's map when it names the address, else the source IP (netconsole
/// carries no host name). Names are cached per address so the hot path allocates nothing for a node seen
/// before; the cache is dropped when the map changes. One instance per thread.
/// </summary>
public sealed class SourceNames(NodeMapFile? map = null)
{
    private readonly Dictionary<uint, string> _ipv4 = [];
    private readonly Dictionary<IPAddress, string> _other = [];
    private int _version = map?.Version ?? 0;

    public string NameOf(SocketAddress address)
    {
        ForgetIfMapChanged();
        if (address.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family(2) port(2) addr(4), address in network order.
            var key = BinaryPrimitives.ReadUInt32BigEndian(address.Buffer.Span[4..8]);
            if (!_ipv4.TryGetValue(key, out var name))
            {
                name = Name(new IPAddress(address.Buffer.Span[4..8]));
                _ipv4[key] = name;
            }

            return name;
        }

        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(address);
        return NameOf(endPoint.Address);
    }

    public string NameOf(IPAddress address)
    {
        ForgetIfMapChanged();
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!_other.TryGetValue(ip, out var name))
        {
            name = Name(ip);
            _other[ip] = name;
        }

        return name;
    }

    private string Name(IPAddress ip) => map?.Map.NameOf(ip) ?? ip.ToString();

    private void ForgetIfMapChanged()
    {
        if (map is not null && map.Version != _version)
        {
            _version = map.Version;
            _ipv4.Clear();
            _other.Clear();
        }
    }
}
