using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KrgLogs.LoadGen;

/// <summary>
/// One simulated node: its own socket bound to its own loopback address (bind before send, so krglogs names it
/// by that address), its netconsole flavour, its per-node line sequence and printk seq. Every numbered line
/// carries <c>lg RUN NODE SEQ</c> so the checker can find it whatever the format did to the prefix.
/// </summary>
public sealed class SimulatedNode : IDisposable
{
    private const int MaxDatagram = 1000;
    private const string SyslogMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private readonly Socket _socket;
    private readonly LoadOptions _options;
    private readonly DatagramBatch _batch;
    private readonly byte[] _marker;
    private readonly BodyText? _text;
    private ulong _random;
    private long _extSeq;
    private long _usec;

    public SimulatedNode(int index, LoadOptions options, BodyText? text = null)
    {
        Index = index;
        _text = text;
        _options = options;
        Extended = options.Mix.IsExtendedNode(index, options.Nodes);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SendBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(NodeAddress.Of(index), 0));
        _socket.Connect(options.Target);
        _batch = new DatagramBatch(options.BatchPerSend * 3);
        _marker = Encoding.ASCII.GetBytes($"lg {options.Run} {index} ");
        _random = (ulong)(index + 1) * 0x9E3779B97F4A7C15UL;
        _usec = 5_000_000 + (index * 1000L);
    }

    public int Index { get; }

    public bool Extended { get; }

    /// <summary>Numbered lines sent so far; the next line's sequence number.</summary>
    public long Sent { get; private set; }

    public long Datagrams { get; private set; }

    public long Fragmented { get; private set; }

    public long SyslogLines { get; private set; }

    public int CrashesSent { get; private set; }

    public void Dispose() => _socket.Dispose();

    /// <summary>Sends the next <paramref name="count"/> numbered lines in one sendmmsg call (or a few).</summary>
    public void SendLines(int count)
    {
        _batch.Clear();
        for (var i = 0; i < count; i++)
        {
            _usec += 137 + (long)(Next() % 5000);
            if (Next() % 1_000_000 < (ulong)(_options.Mix.SyslogShare * 1_000_000))
            {
                WriteSyslog(Sent++);
                SyslogLines++;
            }
            else if (!Extended)
            {
                WritePlain(Sent++);
            }
            else if (Next() % 1_000_000 < (ulong)(_options.FragmentShare * 1_000_000))
            {
                WriteFragmented(Sent++);
                Fragmented++;
            }
            else
            {
                WriteExtended(Sent++, null);
            }

            if (_batch.Count >= _batch.Capacity - 3)
            {
                Flush();
            }
        }

        Flush();
    }

    /// <summary>Sends a real crash log, one console line per datagram, in this node's flavour.</summary>
    public void SendCrash(IReadOnlyList<string> lines)
    {
        _batch.Clear();
        foreach (var line in lines)
        {
            _usec += 10;
            if (Extended)
            {
                // An extended record has no time prefix: the console's "[  12.34] " goes.
                WriteExtended(-1, StripTimePrefix(line));
            }
            else
            {
                var span = _batch.Begin();
                var n = Encoding.UTF8.GetBytes(line.AsSpan(0, Math.Min(line.Length, MaxDatagram - 2)), span);
                span[n++] = (byte)'\n';
                _batch.End(n);
            }

            if (_batch.Count >= _batch.Capacity - 3)
            {
                Flush();
            }
        }

        Flush();
        CrashesSent++;
    }

    private void Flush()
    {
        Datagrams += _batch.Count;
        MultiSend.Send(_socket, _batch);
        _batch.Clear();
    }

    private void WritePlain(long seq)
    {
        var span = _batch.Begin();
        var at = 0;
        span[at++] = (byte)'[';
        at += WriteKernelTime(span[at..]);
        span[at++] = (byte)']';
        span[at++] = (byte)' ';
        at += WriteBody(span[at..], seq, _options.LineBytes - at);
        span[at++] = (byte)'\n';
        _batch.End(at);
    }

    private void WriteExtended(long seq, string? text)
    {
        var span = _batch.Begin();
        var at = WriteExtendedHeader(span, null);
        if (text is null)
        {
            at += WriteBody(span[at..], seq, _options.LineBytes - at);
        }
        else
        {
            at += Encoding.UTF8.GetBytes(text.AsSpan(0, Math.Min(text.Length, MaxDatagram - at - 1)), span[at..]);
        }

        span[at++] = (byte)'\n';
        _batch.End(at);
    }

    /// <summary>A record longer than a datagram, cut in two ncfrag fragments as the kernel does.</summary>
    private void WriteFragmented(long seq)
    {
        Span<byte> body = stackalloc byte[1500];
        var length = WriteBody(body, seq, 1499);
        body[length++] = (byte)'\n';
        var cut = length / 2;
        foreach (var (offset, end) in new[] { (0, cut), (cut, length) })
        {
            var span = _batch.Begin();
            var at = WriteExtendedHeader(span, (offset, length));
            body[offset..end].CopyTo(span[at..]);
            _batch.End(at + (end - offset));
        }

        _extSeq++;
    }

    private int WriteExtendedHeader(Span<byte> span, (int Offset, int Total)? fragment)
    {
        var at = 0;
        span[at++] = (byte)'6';
        span[at++] = (byte)',';
        at += Format(fragment is null ? _extSeq++ : _extSeq, span[at..]);
        span[at++] = (byte)',';
        at += Format(_usec, span[at..]);
        span[at++] = (byte)',';
        span[at++] = (byte)'-';
        if (fragment is { } f)
        {
            at += Copy(",ncfrag="u8, span[at..]);
            at += Format(f.Offset, span[at..]);
            span[at++] = (byte)'/';
            at += Format(f.Total, span[at..]);
        }

        span[at++] = (byte)';';
        return at;
    }

    private void WriteSyslog(long seq)
    {
        var span = _batch.Begin();
        var at = Copy("<14>"u8, span);
        var now = DateTime.UtcNow;
        at += Copy(Encoding.ASCII.GetBytes(SyslogMonths.Substring((now.Month - 1) * 3, 3)), span[at..]);
        span[at++] = (byte)' ';
        span[at++] = now.Day < 10 ? (byte)' ' : (byte)('0' + (now.Day / 10));
        span[at++] = (byte)('0' + (now.Day % 10));
        span[at++] = (byte)' ';
        at += TwoDigits(now.Hour, span[at..]);
        span[at++] = (byte)':';
        at += TwoDigits(now.Minute, span[at..]);
        span[at++] = (byte)':';
        at += TwoDigits(now.Second, span[at..]);
        at += Copy(" node"u8, span[at..]);
        at += Format(Index, span[at..]);
        at += Copy(" lgapp[4242]: "u8, span[at..]);
        at += WriteBody(span[at..], seq, _options.LineBytes - at);
        _batch.End(at);
    }

    /// <summary><c>lg RUN NODE SEQ xxxx…</c>, padded to about <paramref name="room"/> bytes.</summary>
    private int WriteBody(Span<byte> span, long seq, int room)
    {
        var at = Copy(_marker, span);
        at += Format(seq, span[at..]);
        span[at++] = (byte)' ';
        if (_text is not null)
        {
            // Each node reads the log from its own place, so nodes do not send the same line at once.
            return at + _text.Write(seq + ((long)Index * _text.Count / 7), span[at..], room - at);
        }

        while (at < room)
        {
            span[at] = (byte)('a' + (at % 26));
            at++;
        }

        return at;
    }

    private int WriteKernelTime(Span<byte> span)
    {
        var seconds = _usec / 1_000_000;
        var micros = _usec % 1_000_000;
        var at = 0;
        for (var pad = seconds < 10 ? 4 : seconds < 100 ? 3 : seconds < 1000 ? 2 : seconds < 10000 ? 1 : 0; pad > 0; pad--)
        {
            span[at++] = (byte)' ';
        }

        at += Format(seconds, span[at..]);
        span[at++] = (byte)'.';
        Utf8Formatter.TryFormat(micros, span[at..], out var written, new System.Buffers.StandardFormat('D', 6));
        return at + written;
    }

    private static string StripTimePrefix(string line)
    {
        if (line.StartsWith('[') && line.IndexOf(']', StringComparison.Ordinal) is var close and > 0 and < 20)
        {
            return line[(close + 1)..].TrimStart(' ');
        }

        return line;
    }

    private static int TwoDigits(int value, Span<byte> span)
    {
        span[0] = (byte)('0' + (value / 10));
        span[1] = (byte)('0' + (value % 10));
        return 2;
    }

    private static int Format(long value, Span<byte> span)
    {
        Utf8Formatter.TryFormat(value, span, out var written);
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> span)
    {
        bytes.CopyTo(span);
        return bytes.Length;
    }

    private ulong Next()
    {
        // xorshift64: deterministic per node, no allocation.
        _random ^= _random << 13;
        _random ^= _random >> 7;
        _random ^= _random << 17;
        return _random;
    }
}
