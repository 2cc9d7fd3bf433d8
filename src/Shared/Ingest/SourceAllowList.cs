using System.Net;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// The networks a receiver takes traffic from (<c>--allow 10.0.0.0/8 --allow fd00::/8</c>); empty allows everyone.
/// Entries may also be comma-separated in one value. Immutable; thread-safe.
/// </summary>
public sealed class SourceAllowList
{
    private readonly IpNetwork[] _networks;

    private SourceAllowList(IpNetwork[] networks) => _networks = networks;

    public static SourceAllowList Everyone { get; } = new([]);

    public bool AllowsEveryone => _networks.Length == 0;

    public IReadOnlyList<IpNetwork> Networks => _networks;

    /// <summary>Parses the option's values; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static SourceAllowList Parse(IEnumerable<string>? values)
    {
        var networks = (values ?? [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(entry =>
            {
                try
                {
                    return IpNetwork.Parse(entry);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"--allow: {e.Message}");
                }
            })
            .ToArray();
        return networks.Length == 0 ? Everyone : new SourceAllowList(networks);
    }

    public bool Allows(IPAddress address) =>
        AllowsEveryone || Allows((address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes());

    /// <summary>The address as network-order bytes (4 or 16); allocation-free for the socket loop.</summary>
    public bool Allows(ReadOnlySpan<byte> address)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return _networks.Length == 0;
    }

    public override string ToString() => AllowsEveryone ? "everyone" : string.Join(", ", _networks.Select(n => n.ToString()));
}
