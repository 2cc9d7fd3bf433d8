using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests.Security;

/// <summary>
/// Cluster traffic over mutual TLS with certificates from deploy/tls/make-test-ca.sh: a receiver with a certificate
/// from the cluster CA joins and delivers; one from another CA is refused at the handshake and delivers nothing.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-tls-").FullName;

    [Fact]
    public async Task Only_members_with_a_certificate_from_the_cluster_ca_join()
    {
        var ca = Path.Combine(_dir, "ca");
        var other = Path.Combine(_dir, "other");
        await ExternalCommand.RunAsync("sh", [Path.Combine(RepoPaths.Root, "deploy", "tls", "make-test-ca.sh"), ca, "aggregator", "receiver"]);
        await ExternalCommand.RunAsync("sh", [Path.Combine(RepoPaths.Root, "deploy", "tls", "make-test-ca.sh"), other, "stranger"]);

        await using var aggregator = await AggregatorProcess.StartAsync(
            Path.Combine(_dir, "data"),
            extraArgs: ["--tls-cert", Path.Combine(ca, "aggregator.crt"), "--tls-key", Path.Combine(ca, "aggregator.key"), "--tls-ca", Path.Combine(ca, "ca.crt")]);

        var goodPort = FreePorts.Next();
        var strangerPort = FreePorts.Next();
        await using var good = Receiver(aggregator, goodPort, "--tls-pfx", Path.Combine(ca, "receiver.pfx"), "--tls-password-file", Path.Combine(ca, "receiver.pfx.password"), "--tls-ca", Path.Combine(ca, "ca.crt"));

        // The good receiver joins over TLS and its lines arrive.
        await Eventually.Get(
            () => Task.FromResult(good.HasExited ? throw new InvalidOperationException(good.Output) : good.Output.Contains("Welcome from", StringComparison.Ordinal) ? "joined" : null),
            _ => true,
            TimeSpan.FromSeconds(60),
            "the receiver with a cluster certificate joins");
        await Send("127.0.0.61", goodPort, "over tls 1", "over tls 2");
        var stored = await aggregator.WaitForLinesAsync("127.0.0.61", l => l.Count >= 2, "lines through the TLS receiver\n" + good.Output, seconds: 60);
        Assert.Equal(["over tls 1", "over tls 2"], stored.Select(l => l.Text));

        // Then a member with a certificate from another CA tries to join, and sends lines.
        await using var stranger = Receiver(aggregator, strangerPort, "--tls-cert", Path.Combine(other, "stranger.crt"), "--tls-key", Path.Combine(other, "stranger.key"), "--tls-ca", Path.Combine(other, "ca.crt"));
        await Eventually.Get(
            () => Task.FromResult(stranger.Output.Contains("krglogs receiver up", StringComparison.Ordinal) || stranger.HasExited ? "started" : null),
            _ => true,
            TimeSpan.FromSeconds(60),
            "the stranger starts");
        await Send("127.0.0.62", strangerPort, "from the stranger");

        // The stranger's handshake is refused by the aggregator, which stays up and keeps serving the good receiver.
        await Eventually.Get(
            () => Task.FromResult<int?>(Occurrences(aggregator.Output, "its certificate CN=stranger does not chain to the cluster CA")),
            n => n >= 1,
            TimeSpan.FromSeconds(60),
            "the aggregator refuses the stranger's certificate twice\n" + aggregator.Output);
        await Send("127.0.0.61", goodPort, "over tls 3");
        await aggregator.WaitForLinesAsync("127.0.0.61", l => l.Count >= 3, "the good receiver still delivers after the stranger was refused", seconds: 60);
        Assert.DoesNotContain("Welcome from", stranger.Output, StringComparison.Ordinal);
        using var response = await aggregator.Http.GetAsync("api/nodes/127.0.0.62/lines?tail=5");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DaemonProcess Receiver(AggregatorProcess aggregator, int udpPort, params string[] tls) =>
        DaemonProcess.Start(
            "dotnet",
            [RepoPaths.ReceiverDll, "--seeds", aggregator.ClusterAddress, "--udp-port", udpPort.ToString(CultureInfo.InvariantCulture), "--udp-bind", "127.0.0.1", .. tls]);

    private static async Task Send(string from, int port, params string[] lines)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(from), 0));
        foreach (var line in lines)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
