using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Ingest;

/// <summary>
/// Everything one node sends, turned into its lines: the per-node decoding state the NodeLog entity owns.
/// Pure: time comes in with every call.
/// </summary>
public sealed class NodeStream
{
    private static readonly Action<Sink, string, LineFlags> Emit = static (sink, text, flags) =>
        sink.Output.Add(new LogLine(text, sink.ReceivedAt, LogStream.Kernel, Flags: flags));

    private readonly NodeStreamOptions _options;
    private readonly LineAssembler _plain;
    private readonly SyslogParser _syslog;
    private DateTimeOffset _lastPlainAt;

    public NodeStream(NodeStreamOptions options, NodeStreamState? resume = null)
    {
        _options = options;
        _syslog = new SyslogParser(options.Syslog);
        _plain = new LineAssembler(resume?.PlainPending ?? ReadOnlySpan<byte>.Empty, options.MaxLineBytes);
        _lastPlainAt = resume?.LastPlainAt ?? DateTimeOffset.MinValue;
    }

    /// <summary>Decodes one datagram (or TCP frame); appends the lines it completes, in order.</summary>
    public void Accept(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, DatagramTransport transport, List<LogLine> output)
    {
        if (transport != DatagramTransport.Udp || SyslogParser.LooksLikeSyslog(payload))
        {
            // One syslog datagram or frame is one message, whatever the console stream holds back.
            var flags = transport == DatagramTransport.TcpFrameTruncated ? LineFlags.Truncated : LineFlags.None;
            _syslog.ParseMessages(payload, receivedAt, output, flags);
            return;
        }

        _plain.Append(payload, new Sink(output, receivedAt), Emit);
        _lastPlainAt = receivedAt;
    }

    /// <summary>Time passes: a partial line idle for longer than the timeout comes out, marked.</summary>
    public void Tick(DateTimeOffset now, List<LogLine> output)
    {
        if (_plain.HasPending && now - _lastPlainAt >= _options.PartialLineTimeout)
        {
            _plain.Flush(new Sink(output, _lastPlainAt), Emit);
        }
    }

    /// <summary>True while something is held back waiting for more input or for time to pass.</summary>
    public bool HasPending => _plain.HasPending;

    public NodeStreamState State => new(_plain.Pending.ToArray(), _lastPlainAt);

    private readonly record struct Sink(List<LogLine> Output, DateTimeOffset ReceivedAt);
}
