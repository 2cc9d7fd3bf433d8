using System.Net;
using KrgLogs.Receiver.Admission;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Receiver.Tests.Admission;

public sealed class SourceAdmissionTests
{
    private readonly RefusedSources _refused = new();

    [Theory]
    [InlineData("127.0.0.2", true)]
    [InlineData("127.0.0.3", false)]
    [InlineData("::ffff:127.0.0.2", true)] // IPv4 on a dual-mode socket
    [InlineData("::ffff:127.0.0.3", false)]
    [InlineData("::1", false)]
    public void A_datagram_source_is_checked_from_the_socket_address(string source, bool admitted)
    {
        var admission = Admission("127.0.0.2/32");
        var address = new IPEndPoint(IPAddress.Parse(source), 514).Serialize();
        Assert.Equal(admitted, admission.Admits(address));
        Assert.Equal(admitted ? 0 : 1, _refused.Total);
        if (!admitted)
        {
            var ip = IPAddress.Parse(source);
            Assert.Equal((ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString(), Assert.Single(_refused.Snapshot()).Key);
        }
    }

    [Fact]
    public void A_connection_source_is_checked_and_counted()
    {
        var admission = Admission("10.0.0.0/8");
        Assert.True(admission.Admits(IPAddress.Parse("10.9.9.9")));
        Assert.False(admission.Admits(IPAddress.Parse("192.0.2.1")));
        Assert.False(admission.Admits(IPAddress.Parse("192.0.2.1")));
        Assert.Equal([new("192.0.2.1", 2L)], _refused.Snapshot());
    }

    [Fact]
    public void An_empty_allow_list_admits_everyone_and_counts_nothing()
    {
        var admission = Admission();
        Assert.True(admission.Admits(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 1).Serialize()));
        Assert.True(admission.Admits(IPAddress.Parse("fd00::1")));
        Assert.Equal(0, _refused.Total);
    }

    private SourceAdmission Admission(params string[] allow) =>
        new(SourceAllowList.Parse(allow), _refused, NullLogger.Instance, TimeProvider.System);
}
