using KrgLogs.Shared.Lines;

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
    private DateTimeOffset _lastPlainAt;

    public NodeStream(NodeStreamOptions options, NodeStreamState? resume = null)
    {
        _options = options;
        _plain = new LineAssembler(resume?.PlainPending ?? ReadOnlySpan<byte>.Empty, options.MaxLineBytes);
        _lastPlainAt = resume?.LastPlainAt ?? DateTimeOffset.MinValue;
    }

    /// <summary>Decodes one datagram (or TCP frame); appends the lines it completes, in order.</summary>
    public void Accept(ReadOnlySpan<byte> payload, DateTimeOffset receivedAt, List<LogLine> output)
    {
        if (LooksLikeSyslog(payload))
        {
            // One syslog datagram is one message, whatever the plain console stream holds back.
            output.Add(new LogLine(LineAssembler.Decode(payload.TrimEnd("\n\0"u8)), receivedAt, LogStream.Syslog, Flags: LineFlags.FromSyslog));
            return;
        }

        _plain.Append(payload, new Sink(output, receivedAt), Emit);
        _lastPlainAt = receivedAt;
    }

    /// <summary>`&lt;PRI&gt;` then a timestamp or version, unlike netconsole's `&lt;5&gt; text` and `&lt;4&gt;[ 1.2] text`.</summary>
    private static bool LooksLikeSyslog(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] != (byte)'<')
        {
            return false;
        }

        var close = payload[..Math.Min(5, payload.Length)].IndexOf((byte)'>');
        if (close < 2 || close + 1 >= payload.Length)
        {
            return false;
        }

        foreach (var b in payload[1..close])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return payload[close + 1] is not ((byte)' ' or (byte)'[');
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
