using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Everything one node sends, turned into its lines: netconsole (plain, the old <c>&lt;5&gt; </c> patch,
/// extended records) and syslog (RFC 3164/5424, by UDP datagram or TCP frame), told apart by their first bytes.
/// This is the per-node decoding state the NodeLog entity owns. Pure: time comes in with every call.
/// </summary>
public sealed class NodeStream
{
    private readonly NetconsoleDecoder _netconsole;
    private readonly SyslogParser _syslog;
    private readonly KernelLineDeduplicator _twins = new();
    private readonly List<LogLine> _decoded = [];

    public NodeStream(NodeStreamOptions options, NodeStreamState? resume = null)
    {
        _netconsole = new NetconsoleDecoder(options.Netconsole, resume?.Netconsole);
        _syslog = new SyslogParser(options.Syslog);
    }

    /// <summary>True while something is held back waiting for more input or for time to pass.</summary>
    public bool HasPending => _netconsole.HasPending;

    public NodeStreamState State => new(_netconsole.State);

    public NetconsoleCounters NetconsoleCounters => _netconsole.Counters;

    public SyslogParseCounters SyslogCounters => _syslog.Counters;

    /// <summary>Kernel lines dropped because the same line already came by the other path.</summary>
    public long TwinsDropped => _twins.Dropped;

    /// <summary>
    /// What this node's input looked like, by name: netconsole counters persist with the decoder state; syslog
    /// and twin counters count since the entity last started.
    /// </summary>
    public IReadOnlyDictionary<string, long> Counters()
    {
        var n = _netconsole.Counters;
        var s = _syslog.Counters;
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["netconsole.datagrams"] = n.Datagrams,
            ["netconsole.plainDatagrams"] = n.PlainDatagrams,
            ["netconsole.patchedDatagrams"] = n.SyslogPatchDatagrams,
            ["netconsole.extendedDatagrams"] = n.ExtendedDatagrams,
            ["netconsole.duplicatesDropped"] = n.DuplicatesDropped,
            ["netconsole.reboots"] = n.Reboots,
            ["netconsole.wireLost"] = n.WireLost,
            ["netconsole.fragmentsTimedOut"] = n.FragmentsTimedOut,
            ["netconsole.seqGapsSkipped"] = n.SeqGapsSkipped,
            ["netconsole.lateRecords"] = n.LateRecords,
            ["netconsole.partialLinesFlushed"] = n.PartialLinesFlushed,
            ["netconsole.linesCut"] = n.LinesCut,
            ["syslog.messages"] = s.Messages,
            ["syslog.rfc3164"] = s.Rfc3164,
            ["syslog.rfc5424"] = s.Rfc5424,
            ["syslog.invalidUtf8"] = s.InvalidUtf8,
            ["kernelTwinsDropped"] = _twins.Dropped,
        };
        foreach (var reason in Enum.GetValues<MalformedReason>())
        {
            counters["netconsole.malformed." + Camel(reason.ToString())] = n.MalformedFor(reason);
        }

        foreach (var reason in Enum.GetValues<SyslogMalformedReason>())
        {
            counters["syslog.malformed." + Camel(reason.ToString())] = s.MalformedBy(reason);
        }

        return counters;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Decodes one datagram (or TCP frame); appends the lines it completes, in order.</summary>
    public void Accept(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, DatagramTransport transport, List<LogLine> output)
    {
        _decoded.Clear();
        var fromSyslog = transport != DatagramTransport.Udp || SyslogParser.LooksLikeSyslog(payload);
        if (fromSyslog)
        {
            // One syslog datagram or frame is one message, whatever the console stream holds back.
            var flags = transport == DatagramTransport.TcpFrameTruncated ? LineFlags.Truncated : LineFlags.None;
            _syslog.ParseMessages(payload, receivedAt, _decoded, flags);
        }
        else
        {
            _netconsole.Accept(payload, receivedAt, _decoded);
        }

        KeepFirstCopies(fromSyslog, output);
    }

    /// <summary>Time passes: idle partial lines, incomplete fragments and reorder gaps are let go.</summary>
    public void Tick(DateTimeOffset now, List<LogLine> output)
    {
        _decoded.Clear();
        _netconsole.Tick(now, _decoded);
        KeepFirstCopies(fromSyslog: false, output);
    }

    private void KeepFirstCopies(bool fromSyslog, List<LogLine> output)
    {
        foreach (var line in _decoded)
        {
            if (_twins.Keep(line, fromSyslog))
            {
                output.Add(line);
            }
        }
    }
}
