using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Source address → node name, from an operator's map file. netconsole carries no host name, so without a map
/// the node is its source IP. One mapping per line, <c>#</c> starts a comment:
/// <code>
/// 10.1.0.12        node012
/// 10.2.0.0/16      rack2-switch     # the longest matching prefix wins
/// fd00::7          node007
/// </code>
/// Names are entity ids and file names: 1–63 of <c>[A-Za-z0-9._-]</c>. Immutable; thread-safe to read.
/// </summary>
public sealed class NodeNameMap
{
    private readonly (IpNetwork Network, string Name)[] _entries;

    private NodeNameMap((IpNetwork, string)[] entries) => _entries = entries;

    public static NodeNameMap Empty { get; } = new([]);

    public int Count => _entries.Length;

    /// <summary>Parses a map file's text; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static NodeNameMap Parse(string text)
    {
        var entries = new List<(IpNetwork, string)>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new FormatException($"line {lineNumber}: expected '<IP or CIDR> <name>', got '{line}'");
            }

            IpNetwork network;
            try
            {
                network = IpNetwork.Parse(fields[0]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {lineNumber}: {e.Message}");
            }

            if (!IsValidName(fields[1]))
            {
                throw new FormatException($"line {lineNumber}: '{fields[1]}' is not a node name (1-63 of A-Z a-z 0-9 . _ -)");
            }

            entries.Add((network, fields[1]));
        }

        // Longest prefix first, so the first match is the most specific one.
        return new NodeNameMap([.. entries.OrderByDescending(e => e.Item1.PrefixBits)]);
    }

    /// <summary>The mapped name of <paramref name="address"/>, or null when no entry covers it.</summary>
    public string? NameOf(IPAddress address)
    {
        if (_entries.Length == 0)
        {
            return null;
        }

        var bytes = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes();
        foreach (var (network, name) in _entries)
        {
            if (network.Contains(bytes))
            {
                return name;
            }
        }

        return null;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
