using System.Net;
using System.Net.Sockets;
using KrgLogs.Receiver.Udp;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrgLogs.Receiver.Tests.Udp;

/// <summary>Node names from a real map file, re-read when the operator edits it.</summary>
public sealed class SourceNamesTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    private static SocketAddress Address(string ip) => new IPEndPoint(IPAddress.Parse(ip), 6665).Serialize();

    [Fact]
    public void Without_a_map_a_node_is_its_source_ip()
    {
        var names = new SourceNames();
        Assert.Equal("10.1.2.3", names.NameOf(Address("10.1.2.3")));
        Assert.Same(names.NameOf(Address("10.1.2.3")), names.NameOf(Address("10.1.2.3")));
    }

    [Fact]
    public async Task An_edited_map_file_renames_nodes_and_a_broken_one_keeps_the_last_good_map()
    {
        await File.WriteAllTextAsync(_file, "10.1.2.3 node003\n");
        using var map = new NodeMapFile(_file, NullLogger.Instance, TimeSpan.FromMilliseconds(50));
        var names = new SourceNames(map);
        Assert.Equal("node003", names.NameOf(Address("10.1.2.3")));
        Assert.Equal("10.1.2.4", names.NameOf(Address("10.1.2.4")));

        await ReplaceAsync("10.1.2.0/24 rack-a\n", DateTime.UtcNow.AddSeconds(5)); // coarse file-system clocks
        await Until(() => names.NameOf(Address("10.1.2.4")) == "rack-a");
        Assert.Equal("rack-a", names.NameOf(Address("10.1.2.3")));

        var version = map.Version;
        await ReplaceAsync("this is not a map\n", DateTime.UtcNow.AddSeconds(10));
        map.Reload();
        Assert.Equal(version, map.Version);
        Assert.Equal("rack-a", names.NameOf(Address("10.1.2.4")));
    }

    /// <summary>
    /// Text and time together, as an editor's save-and-rename does: written in place and then re-dated, the poller
    /// could load the text, then load it again for its new time, and the map's version moved on once more.
    /// </summary>
    private async Task ReplaceAsync(string text, DateTime writeTime)
    {
        var next = _file + ".next";
        await File.WriteAllTextAsync(next, text);
        File.SetLastWriteTimeUtc(next, writeTime);
        File.Move(next, _file, overwrite: true);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the map file change was not picked up within 20 s");
            await Task.Delay(20);
        }
    }

    public void Dispose() => File.Delete(_file);
}
