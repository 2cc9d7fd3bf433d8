using System.Net;
using System.Net.Sockets;
using KrgLogs.Shared.Ingest;
using Microsoft.Extensions.Logging;

namespace KrgLogs.Receiver.Admission;

/// <summary>
/// The receiver's door: traffic from outside the allow-list is dropped, counted by source
/// (<see cref="ReceiverCounters.Refused"/>, shown in /metrics) and logged — a new source at once, then at most one
/// summary line per <see cref="LogEvery"/>, so a flood of refusals cannot flood the log.
/// </summary>
public sealed class SourceAdmission(SourceAllowList allow, RefusedSources refused, ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private long _nextLogTicks;
    private long _loggedTotal;

    public bool AllowsEveryone => allow.AllowsEveryone;

    /// <summary>A datagram's source as the socket reports it; allocation-free when the source is allowed.</summary>
    public bool Admits(SocketAddress source)
    {
        if (allow.AllowsEveryone)
        {
            return true;
        }

        // sockaddr_in: family(2) port(2) addr(4); sockaddr_in6: family(2) port(2) flow(4) addr(16).
        var buffer = source.Buffer.Span;
        if (source.Family == AddressFamily.InterNetwork ? allow.Allows(buffer[4..8]) : Allows6(buffer[8..24]))
        {
            return true;
        }

        var any = source.Family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
        var endPoint = (IPEndPoint)new IPEndPoint(any, 0).Create(source);
        Refuse(endPoint.Address, "udp");
        return false;
    }

    /// <summary>A TCP connection's source; a refused one is to be closed at once.</summary>
    public bool Admits(IPAddress source)
    {
        if (allow.Allows(source))
        {
            return true;
        }

        Refuse(source, "tcp");
        return false;
    }

    private bool Allows6(ReadOnlySpan<byte> address)
    {
        // An IPv4 client on a dual-mode socket arrives as ::ffff:a.b.c.d.
        var mapped = address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xff && address[11] == 0xff;
        return allow.Allows(mapped ? address[12..] : address);
    }

    private void Refuse(IPAddress source, string transport)
    {
        var ip = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        var isNew = refused.Count(ip.ToString());
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextLogTicks);
        if (isNew)
        {
            logger.LogWarning("Refused {Transport} traffic from {Source}: not in the allow-list ({Allow})", transport, ip, allow);
        }
        else if (now >= next && Interlocked.CompareExchange(ref _nextLogTicks, now + LogEvery.Ticks, next) == next)
        {
            var total = refused.Total;
            var since = total - Interlocked.Exchange(ref _loggedTotal, total);
            logger.LogWarning(
                "Refused {Count} datagrams or connections from outside the allow-list since the last report ({Total} in all; by source in /metrics, krglogs_receiver_refused_total)",
                since, total);
        }
    }
}
