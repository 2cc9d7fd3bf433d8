using System.Net;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class NodeNameMapTests
{
    private static readonly NodeNameMap Map = NodeNameMap.Parse("""
        # the cluster
        10.1.0.12        node012
        10.1.0.0/16      rack1     # the longest prefix wins
        10.0.0.0/8       site
        fd00::7          node007

        """);

    [Theory]
    [InlineData("10.1.0.12", "node012")]
    [InlineData("10.1.9.9", "rack1")]
    [InlineData("10.200.0.1", "site")]
    [InlineData("::ffff:10.1.0.12", "node012")]
    [InlineData("fd00::7", "node007")]
    [InlineData("192.168.1.1", null)]
    [InlineData("fd00::8", null)]
    public void An_address_gets_the_name_of_its_most_specific_entry(string address, string? expected) =>
        Assert.Equal(expected, Map.NameOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.1", "line 1: expected")]
    [InlineData("# ok\nnot-an-ip name", "line 2: 'not-an-ip'")]
    [InlineData("10.0.0.0/33 n", "bad prefix length")]
    [InlineData("10.0.0.1 bad/name", "not a node name")]
    public void A_bad_line_is_named_in_the_error(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => NodeNameMap.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Odd_prefix_lengths_match_bit_by_bit()
    {
        var map = NodeNameMap.Parse("10.0.0.128/25 upper");
        Assert.Equal("upper", map.NameOf(IPAddress.Parse("10.0.0.200")));
        Assert.Null(map.NameOf(IPAddress.Parse("10.0.0.127")));
    }
}
