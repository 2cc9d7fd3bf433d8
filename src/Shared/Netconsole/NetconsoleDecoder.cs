using System.Text;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// Turns one node's netconsole datagrams (plain, the old <c>&lt;5&gt; </c> patch, extended with ncfrag) into
/// lines. Pure: no I/O, no clock (time is passed in), never throws on input. Not thread-safe: one per node.
/// </summary>
/// <remarks>
/// Text contract: a plain line is the console line exactly as the serial console shows it (the
/// <c>[    1.234567] </c> prefix kept, a <c>&lt;N&gt;</c> syslog-format prefix removed into Level/Facility);
/// an extended record's lines are the record text (no time prefix, the kernel prints none in a record), one
/// line per <c>\x0a</c>-separated part. Dictionary, userdata and sysdata lines are dropped (msgid is counted).
/// </remarks>
public sealed partial class NetconsoleDecoder
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly NetconsoleOptions _options;
    private readonly NetconsoleCounters _counters;
    private readonly CallerNames _names = new();
    private readonly LineAssembler _plain;
    private DateTimeOffset _plainLastAt;
    private int _boot;
    private bool _seenThisBoot;

    public NetconsoleDecoder(NetconsoleOptions options, NetconsoleState? resume = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var state = resume ?? NetconsoleState.Initial;

        // Room for what a state saved under larger options holds: nothing restored is dropped.
        _waiting = new ReorderQueue(Math.Max(options.ReorderWindow + 1, state.Waiting.Length));
        _held = new ExtendedRecord[Math.Max(1, Math.Max(options.ContinuationWindow, state.Held.Length))];
        _scratch = new byte[Math.Max(2048, options.MaxRecordBytes)];
        _counters = new NetconsoleCounters((long[])state.Counters.Clone());
        _plain = new LineAssembler(state.PlainPending, Math.Max(options.MaxLineBytes, state.PlainPending.Length));
        _plainLastAt = state.PlainLastAt;
        _boot = state.Boot;
        _seenThisBoot = state.SeenThisBoot;
        RestoreExtended(state);
    }

    /// <summary>The current boot epoch: 0 for the first boot seen, +1 at every reboot detected.</summary>
    public int Boot => _boot;

    /// <summary>The kernel release of the current boot when records carry it (6.6+ <c>r</c> option), else null.</summary>
    public string? Release => _release;

    /// <summary>True while anything waits for more input or for time to pass (then call <see cref="Tick"/>).</summary>
    public bool HasPending => _plain.HasPending || _waiting.Count > 0 || _heldCount > 0 || _fragments.Count > 0 || _rebootCandidate is not null;

    /// <summary>A copy of the counters.</summary>
    public NetconsoleCounters Counters => _counters.Copy();

    /// <summary>An immutable snapshot of all pending state, to persist and to resume from.</summary>
    public NetconsoleState State => new()
    {
        Boot = _boot,
        SeenThisBoot = _seenThisBoot,
        LegacyContinuation = _legacyContinuation,
        PlainPending = _plain.Pending.ToArray(),
        PlainLastAt = _plain.HasPending ? _plainLastAt : default,
        Anchored = _anchored,
        NextSeq = _nextSeq,
        ReleasedMask = _releasedMask,
        Release = _release,
        HighestMsgId = _highestMsgId,
        Waiting = _waiting.ToArray(),
        Held = HeldSnapshot(),
        Fragments = CloneFragments(),
        Counters = _counters.Slots.ToArray(),
        RebootCandidate = _rebootCandidate?.ToArray() ?? [],
        RebootCandidateAt = _rebootCandidate is null ? default : _rebootCandidateAt,
    };

    /// <summary>
    /// Which netconsole format a datagram is. Extended is recognised strictly (digits, commas, a <c>-</c>,
    /// <c>c</c> or <c>+</c> flag, <c>;</c>), so console text such as <c>12,34 things;</c> stays plain.
    /// </summary>
    public static NetconsoleFormat Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.IndexOf((byte)0) >= 0)
        {
            return NetconsoleFormat.Malformed;
        }

        if (ExtendedHeader.TryParse(datagram, out _))
        {
            return NetconsoleFormat.Extended;
        }

        if (!IsUtf8WithCutEdges(datagram))
        {
            return NetconsoleFormat.Malformed;
        }

        return IsSyslogPatch(datagram) ? NetconsoleFormat.SyslogPatch : NetconsoleFormat.Plain;
    }

    /// <summary>Decodes one netconsole datagram; appends the lines it completes, in order.</summary>
    public void Accept(ReadOnlySpan<byte> datagram, DateTimeOffset receivedAt, List<LogLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (datagram.Length > _options.MaxDatagramBytes)
        {
            _counters.CountDatagram(NetconsoleFormat.Malformed);
            EmitMalformed(datagram, MalformedReason.Oversize, receivedAt, output);
            return;
        }

        if (datagram.IsEmpty)
        {
            // Nothing to keep: counted, no line.
            _counters.CountDatagram(NetconsoleFormat.Malformed);
            _counters.CountMalformed(MalformedReason.Empty);
            return;
        }

        if (datagram.IndexOf((byte)0) >= 0)
        {
            _counters.CountDatagram(NetconsoleFormat.Malformed);
            EmitMalformed(datagram, MalformedReason.NulByte, receivedAt, output);
            return;
        }

        if (ExtendedHeader.TryParse(datagram, out var header))
        {
            _counters.CountDatagram(NetconsoleFormat.Extended);
            AcceptExtended(datagram, ref header, receivedAt, output);
            return;
        }

        if (!IsUtf8WithCutEdges(datagram))
        {
            _counters.CountDatagram(NetconsoleFormat.Malformed);
            EmitMalformed(datagram, MalformedReason.InvalidUtf8, receivedAt, output);
            return;
        }

        if (IsSyslogPatch(datagram))
        {
            _counters.CountDatagram(NetconsoleFormat.SyslogPatch);
            AcceptSyslogPatch(datagram, receivedAt, output);
            return;
        }

        _counters.CountDatagram(NetconsoleFormat.Plain);
        _plain.Append(datagram, (this, receivedAt, output), static (s, text, flags) => s.Item1.EmitPlain(text, flags, s.Item2, s.Item3));
        if (_plain.HasPending)
        {
            _plainLastAt = receivedAt;
        }
    }

    /// <summary>
    /// Time passes: a plain partial line idle longer than PartialLineTimeout is flushed; ncfrag records older
    /// than FragmentTimeout are released incomplete; seq gaps older than ReorderTimeout are skipped.
    /// </summary>
    public void Tick(DateTimeOffset now, List<LogLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        TickExtended(now, output);
        if (_plain.HasPending && now - _plainLastAt > _options.PartialLineTimeout)
        {
            FlushPlain(output);
        }
    }

    /// <summary>Everything pending comes out now, in order (shutdown, passivation).</summary>
    public void Flush(DateTimeOffset now, List<LogLine> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FlushExtended(output);
        FlushPlain(output);
    }

    private static bool IsSyslogPatch(ReadOnlySpan<byte> d)
    {
        // "<N> " with 1-3 digits: the patch always wrote <5>, other levels cost nothing to accept.
        if (d.Length < 4 || d[0] != (byte)'<')
        {
            return false;
        }

        var i = 1;
        while (i < d.Length && i <= 3 && d[i] >= (byte)'0' && d[i] <= (byte)'9')
        {
            i++;
        }

        return i > 1 && i + 1 < d.Length && d[i] == (byte)'>' && d[i + 1] == (byte)' ';
    }

    /// <summary>UTF-8 except for a character cut at either edge (plain mode cuts at 1000 bytes, anywhere).</summary>
    private static bool IsUtf8WithCutEdges(ReadOnlySpan<byte> d)
    {
        if (System.Text.Unicode.Utf8.IsValid(d))
        {
            return true;
        }

        var start = 0;
        while (start < 3 && start < d.Length && (d[start] & 0xC0) == 0x80)
        {
            start++;
        }

        var end = d.Length;
        for (var k = 1; k <= 3 && end - k >= start; k++)
        {
            var b = d[end - k];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (need > k)
            {
                end -= k;
            }

            break;
        }

        return System.Text.Unicode.Utf8.IsValid(d[start..end]);
    }

    private void AcceptSyslogPatch(ReadOnlySpan<byte> datagram, DateTimeOffset receivedAt, List<LogLine> output)
    {
        var close = datagram.IndexOf((byte)'>');
        var priority = 0;
        foreach (var b in datagram[1..close])
        {
            priority = (priority * 10) + (b - '0');
        }

        var rest = datagram[(close + 2)..];
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var piece = newline < 0 ? rest : rest[..newline];

            // The patch cut long lines at its buffer size: no newline at the end of a full datagram.
            var flags = newline < 0 && datagram.Length >= 1000 ? LineFlags.Truncated : LineFlags.None;
            var text = LineAssembler.Decode(piece);
            var prefix = PrintkPrefix.ParseTime(text, out var usec);
            string? caller = null;
            if (prefix > 0 && PrintkPrefix.ParseCaller(text.AsSpan(prefix), out var callerSpan) > 0)
            {
                caller = _names.Get(callerSpan);
            }

            NoteBanner(text.AsSpan(prefix > 0 ? prefix : 0), usec, output);
            output.Add(new LogLine(text, receivedAt, LogStream.Kernel, priority & 7, priority >> 3, usec, -1, caller, _boot, Flags: flags));
            _seenThisBoot = true;
            rest = newline < 0 ? default : rest[(newline + 1)..];
        }
    }

    private void EmitPlain(string text, LineFlags flags, DateTimeOffset receivedAt, List<LogLine> output)
    {
        if ((flags & LineFlags.Truncated) != 0)
        {
            _counters.CountLineCut(); // only the line assembler cuts plain lines: at MaxLineBytes
        }

        int level = -1, facility = -1;
        var skip = PrintkPrefix.ParsePriority(text, out var priority);
        if (skip > 0)
        {
            level = priority & 7;
            facility = priority >> 3;
            text = text[skip..];
        }

        var time = PrintkPrefix.ParseTime(text, out var usec);
        string? caller = null;
        var body = time;
        if (time > 0)
        {
            var callerLength = PrintkPrefix.ParseCaller(text.AsSpan(time), out var callerSpan);
            if (callerLength > 0)
            {
                caller = _names.Get(callerSpan);
                body += callerLength;
            }
        }

        NoteBanner(text.AsSpan(body), usec, output, flushPlain: false);
        output.Add(new LogLine(text, receivedAt, LogStream.Kernel, level, facility, usec, -1, caller, _boot, Flags: flags));
        _seenThisBoot = true;
    }

    /// <summary>A boot banner after other lines of this boot is a reboot (the serial console shows the same).</summary>
    private void NoteBanner(ReadOnlySpan<char> body, long usec, List<LogLine> output, bool flushPlain = true)
    {
        if (usec <= 0 && _seenThisBoot && body.TrimStart(' ').StartsWith("Linux version ", StringComparison.Ordinal))
        {
            Reboot(output, flushPlain);
        }
    }

    private void FlushPlain(List<LogLine> output)
    {
        if (!_plain.HasPending)
        {
            return;
        }

        _counters.CountPartialFlushed();
        _plain.Flush((this, _plainLastAt, output), static (s, text, flags) => s.Item1.EmitPlain(text, flags, s.Item2, s.Item3));
    }

    private void EmitMalformed(ReadOnlySpan<byte> datagram, MalformedReason reason, DateTimeOffset receivedAt, List<LogLine> output)
    {
        _counters.CountMalformed(reason);
        var flags = LineFlags.Malformed;
        if (datagram.Length > _options.MaxMalformedBytes)
        {
            datagram = datagram[.._options.MaxMalformedBytes];
            flags |= LineFlags.Truncated;
        }

        output.Add(new LogLine(EscapeRaw(datagram), receivedAt, LogStream.Kernel, Boot: _boot, Flags: flags));
    }

    /// <summary>Printable ASCII as is, every other byte (and the backslash) as <c>\xNN</c>, like the kernel does.</summary>
    internal static string EscapeRaw(ReadOnlySpan<byte> bytes)
    {
        var length = 0;
        foreach (var b in bytes)
        {
            length += IsPlainAscii(b) ? 1 : 4;
        }

        Span<char> buffer = length <= 1024 ? stackalloc char[length] : new char[length];
        var i = 0;
        foreach (var b in bytes)
        {
            if (IsPlainAscii(b))
            {
                buffer[i++] = (char)b;
            }
            else
            {
                buffer[i++] = '\\';
                buffer[i++] = 'x';
                buffer[i++] = "0123456789abcdef"[b >> 4];
                buffer[i++] = "0123456789abcdef"[b & 15];
            }
        }

        return new string(buffer);
    }

    private static bool IsPlainAscii(byte b) => b >= 0x20 && b < 0x7f && b != (byte)'\\';
}
