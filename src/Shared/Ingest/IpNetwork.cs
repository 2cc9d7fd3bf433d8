using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KrgLogs.Shared.Ingest;

/// <summary>An IP network in CIDR notation (<c>10.2.0.0/16</c>, <c>fd00::/8</c>); a bare address is a /32 or /128.</summary>
public sealed class IpNetwork
{
    private readonly byte[] _network;

    private IpNetwork(byte[] network, int prefixBits)
    {
        _network = network;
        PrefixBits = prefixBits;
    }

    public int PrefixBits { get; }

    /// <summary>Parses <c>address[/bits]</c>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static IpNetwork Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        // IPAddress.TryParse takes inet_aton's short forms ("10.1" is 10.0.0.1): a surprise in a network list.
        if (!IPAddress.TryParse(host, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
        {
            throw new FormatException($"'{text}' is not an IP address or CIDR network");
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var bits = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits > max))
        {
            throw new FormatException($"'{text}' has a bad prefix length (0-{max})");
        }

        return new IpNetwork(address.GetAddressBytes(), bits);
    }

    public bool Contains(IPAddress address) =>
        Contains((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes());

    /// <summary>Whether the address, as network-order bytes (4 for IPv4, 16 for IPv6), is in this network.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (address.Length != _network.Length)
        {
            return false;
        }

        var full = PrefixBits / 8;
        if (!address[..full].SequenceEqual(_network.AsSpan(0, full)))
        {
            return false;
        }

        var rest = PrefixBits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xff << (8 - rest));
        return (_network[full] & mask) == (address[full] & mask);
    }

    public override string ToString() => $"{new IPAddress(_network)}/{PrefixBits}";
}
