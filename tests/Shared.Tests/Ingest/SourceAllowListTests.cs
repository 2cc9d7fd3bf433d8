using System.Buffers.Binary;
using System.Net;
using CsCheck;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class SourceAllowListTests
{
    [Theory]
    [InlineData("127.0.0.2/32", "127.0.0.2", true)]
    [InlineData("127.0.0.2/32", "127.0.0.3", false)]
    [InlineData("127.0.0.2", "127.0.0.2", true)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.4.0/22", "192.168.7.255", true)]
    [InlineData("192.168.4.0/22", "192.168.8.0", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)] // an IPv4 client on a dual-mode socket
    [InlineData("10.0.0.0/8", "fd00::1", false)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("10.0.0.0/8, fd00::/8", "fd00::7", true)]
    public void A_source_is_allowed_when_a_listed_network_holds_it(string allow, string source, bool allowed) =>
        Assert.Equal(allowed, SourceAllowList.Parse([allow]).Allows(IPAddress.Parse(source)));

    [Fact]
    public void Several_entries_and_comma_lists_add_up()
    {
        var list = SourceAllowList.Parse(["127.0.0.2/32", "10.0.0.0/8,192.168.0.0/16"]);
        Assert.Equal(3, list.Networks.Count);
        Assert.True(list.Allows(IPAddress.Parse("192.168.1.1")));
        Assert.False(list.Allows(IPAddress.Parse("127.0.0.3")));
        Assert.Equal("127.0.0.2/32, 10.0.0.0/8, 192.168.0.0/16", list.ToString());
    }

    [Fact]
    public void No_entry_allows_everyone()
    {
        var list = SourceAllowList.Parse([]);
        Assert.True(list.AllowsEveryone);
        Assert.True(list.Allows(IPAddress.Parse("198.51.100.1")));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "bad prefix length")]
    [InlineData("10.0.0/8", "not an IP address")]
    [InlineData("host.example", "not an IP address")]
    [InlineData("10.0.0.0/-1", "bad prefix length")]
    [InlineData("fd00::/129", "bad prefix length")]
    public void A_bad_entry_is_refused_with_its_text(string entry, string reason)
    {
        var e = Assert.Throws<FormatException>(() => SourceAllowList.Parse([entry]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("--allow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_agrees_with_masking_the_address_as_a_number()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Int[0, 32]).Sample((network, address, bits) =>
        {
            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            var cidr = $"{ToIp(network)}/{bits}";
            var expected = (network & mask) == (address & mask);
            return SourceAllowList.Parse([cidr]).Allows(ToIp(address)) == expected;
        });
    }

    private static IPAddress ToIp(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
