using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Decodes one syslog message (a UDP datagram or one TCP frame) into a <see cref="LogLine"/>: RFC 5424, RFC 3164
/// and the common vendor variants of the latter. Never throws on input; what it cannot read it keeps, escaped,
/// flagged Malformed.
/// </summary>
/// <remarks>
/// An instance keeps a small cache of HOSTNAME / APP-NAME / PROCID strings and its counters, so it is not
/// thread-safe: use one per socket loop or actor. The static overloads build a throw-away parser (no cache).
/// </remarks>
public sealed class SyslogParser
{
    private readonly TokenStringCache? _cache;
    private readonly ZoneClock _clock;

    public SyslogParser(SyslogOptions? options = null)
        : this(options ?? SyslogOptions.Default, cache: true)
    {
    }

    private SyslogParser(SyslogOptions options, bool cache)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FutureTolerance, TimeSpan.Zero);
        Options = options;
        _cache = cache && options.TokenCacheSlots > 0 ? new TokenStringCache(options.TokenCacheSlots) : null;
        _clock = options.TimeZone == TimeZoneInfo.Utc ? ZoneClock.Utc : new ZoneClock(options.TimeZone);
    }

    public SyslogOptions Options { get; }

    public SyslogParseCounters Counters { get; } = new();

    private static ReadOnlySpan<byte> TrailingJunk => "\n\r\0"u8;

    /// <summary>
    /// True when a datagram on the shared UDP port is syslog rather than netconsole: a valid <c>&lt;PRI&gt;</c>
    /// directly followed by an RFC 5424 version and timestamp, an RFC 3164 or ISO timestamp, or a vendor prefix
    /// (<c>: </c>, a Cisco sequence number). Netconsole's <c>&lt;5&gt; text</c> (old patch: a space after the
    /// PRI) and <c>&lt;6&gt;[ 12.345] text</c> (console_msg_format=syslog) are not syslog. A bare
    /// <c>&lt;6&gt;tag: text</c> is not either: without a timestamp it cannot be told from a kernel line.
    /// </summary>
    public static bool LooksLikeSyslog(ReadOnlySpan<byte> datagram)
    {
        if (ReadPri(datagram, out var end) < 0 || end >= datagram.Length)
        {
            return false;
        }

        var rest = datagram[end..];
        var version = VersionLength(rest);
        if (version > 0)
        {
            var after = rest[version..];
            return (after.Length >= 1 && after[0] == (byte)'-' && (after.Length == 1 || after[1] == (byte)' '))
                || SyslogTimestamp.TryParseIso(after, out _, out _, out _);
        }

        if (rest.StartsWith(": "u8))
        {
            return true;
        }

        var sequence = SequenceLength(rest);
        if (sequence > 0)
        {
            rest = rest[sequence..];
            if (!rest.IsEmpty && rest[0] == (byte)'%')
            {
                return true;
            }
        }

        if (!rest.IsEmpty && (rest[0] == (byte)'*' || rest[0] == (byte)'.'))
        {
            rest = rest[1..];
        }

        return SyslogTimestamp.TryParseBsd(rest, out _, out _, out _, out _, out _)
            || SyslogTimestamp.TryParseIso(rest, out _, out _, out _);
    }

    public static LogLine Parse(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, SyslogOptions options) =>
        new SyslogParser(options, cache: false).Parse(message, receivedAt);

    public static SyslogMessage ParseMessage(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, SyslogOptions options) =>
        new SyslogParser(options, cache: false).ParseMessage(message, receivedAt);

    /// <summary>One message to one line; embedded newlines are written <c>\x0a</c>.</summary>
    /// <param name="frameFlags">Flags from the framer (e.g. Truncated), added to the line's.</param>
    public LogLine Parse(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, LineFlags frameFlags = LineFlags.None) =>
        Decode(message, receivedAt, frameFlags, withFields: false).Line;

    /// <summary>One message to one line plus its header fields; embedded newlines are written <c>\x0a</c>.</summary>
    public SyslogMessage ParseMessage(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, LineFlags frameFlags = LineFlags.None) =>
        Decode(message, receivedAt, frameFlags, withFields: true);

    private SyslogMessage Decode(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, LineFlags frameFlags, bool withFields)
    {
        var trimmed = message.TrimEnd(TrailingJunk);
        var reason = ReadHeader(trimmed, receivedAt, out var header);
        if (reason is { } malformed)
        {
            return new SyslogMessage(Malformed(trimmed, header.Pri, malformed, receivedAt, frameFlags), null, null, null);
        }

        var escapes = TextEscapes.None;
        var line = MakeLine(Template(header, receivedAt, frameFlags, ref escapes), header.Msg, ref escapes);
        // Parse keeps only the line: no strings for what it would throw away.
        var msgId = !withFields || header.MsgId.IsEmpty ? null : SyslogText.Decode(header.MsgId, ref escapes);
        var structuredData = !withFields || header.StructuredData.IsEmpty ? null : SyslogText.Decode(header.StructuredData, ref escapes);
        Counters.CountMessage(header.Is5424);
        Counters.CountEscapes(escapes);
        return new SyslogMessage(line, header.Timestamp, msgId, structuredData);
    }

    /// <summary>
    /// One message to one line per line of its MSG: a message with embedded newlines (e.g. <c>logger</c> given a
    /// multi-line argument, a relayed stack dump) becomes several lines sharing the header. Trailing newlines and
    /// NULs are dropped, empty interior lines skipped, a CR before a newline dropped. Returns the count added.
    /// </summary>
    public int ParseMessages(ReadOnlySpan<byte> message, DateTimeOffset receivedAt, List<LogLine> lines, LineFlags frameFlags = LineFlags.None)
    {
        var trimmed = message.TrimEnd(TrailingJunk);
        var reason = ReadHeader(trimmed, receivedAt, out var header);
        if (reason is { } malformed)
        {
            lines.Add(Malformed(trimmed, header.Pri, malformed, receivedAt, frameFlags));
            return 1;
        }

        var escapes = TextEscapes.None;
        var template = Template(header, receivedAt, frameFlags, ref escapes);
        var msg = header.Msg;
        var newline = msg.IndexOf((byte)'\n');
        if (newline < 0)
        {
            lines.Add(MakeLine(template, msg, ref escapes));
            Counters.CountMessage(header.Is5424);
            Counters.CountEscapes(escapes);
            return 1;
        }

        var added = 0;
        while (true)
        {
            var piece = newline < 0 ? msg : msg[..newline];
            if (!piece.IsEmpty && piece[^1] == (byte)'\r')
            {
                piece = piece[..^1];
            }

            if (!piece.IsEmpty)
            {
                lines.Add(MakeLine(template, piece, ref escapes));
                added++;
            }

            if (newline < 0)
            {
                break;
            }

            msg = msg[(newline + 1)..];
            newline = msg.IndexOf((byte)'\n');
        }

        if (added == 0)
        {
            lines.Add(MakeLine(template, ReadOnlySpan<byte>.Empty, ref escapes));
            added = 1;
        }

        Counters.CountMessage(header.Is5424);
        Counters.CountEscapes(escapes);
        return added;
    }

    /// <summary>What every line of one message shares: made once, so a multi-line message reuses the strings.</summary>
    private LogLine Template(scoped in SyslogHeader header, DateTimeOffset receivedAt, LineFlags frameFlags, ref TextEscapes escapes)
    {
        var facility = header.Pri >> 3;

        // Kernel lines relayed by the node's syslog keep the console form, so the same line arriving by
        // netconsole has the same (KernelTimeUs, Text) and is de-duplicated.
        var kernel = facility == 0 || header.App.SequenceEqual("kernel"u8);
        return new LogLine(
            string.Empty,
            receivedAt,
            kernel ? LogStream.Kernel : LogStream.Syslog,
            Level: header.Pri & 7,
            Facility: facility,
            Host: Token(header.Host, ref escapes),
            App: Token(header.App, ref escapes),
            ProcId: Token(header.ProcId, ref escapes),
            Flags: LineFlags.FromSyslog | frameFlags);
    }

    private static LogLine MakeLine(in LogLine template, ReadOnlySpan<byte> msg, ref TextEscapes escapes) =>
        template with
        {
            Text = SyslogText.Decode(msg, ref escapes),
            KernelTimeUs = template.Stream == LogStream.Kernel ? KernelTimestamp.Parse(msg) : -1,
        };

    private LogLine Malformed(ReadOnlySpan<byte> trimmed, int pri, SyslogMalformedReason reason, DateTimeOffset receivedAt, LineFlags frameFlags)
    {
        var escapes = TextEscapes.None;
        var text = SyslogText.Decode(trimmed, ref escapes);
        Counters.CountMalformed(reason);
        Counters.CountEscapes(escapes);
        return new LogLine(
            text,
            receivedAt,
            LogStream.Syslog,
            Level: pri >= 0 ? pri & 7 : -1,
            Facility: pri >= 0 ? pri >> 3 : -1,
            Flags: LineFlags.FromSyslog | LineFlags.Malformed | frameFlags);
    }

    private string? Token(ReadOnlySpan<byte> token, ref TextEscapes escapes)
    {
        if (token.IsEmpty)
        {
            return null;
        }

        return _cache is null ? SyslogText.Decode(token, ref escapes) : _cache.Get(token, ref escapes);
    }

    /// <summary>Splits the header; null when it is good enough to make a line of.</summary>
    private SyslogMalformedReason? ReadHeader(ReadOnlySpan<byte> m, DateTimeOffset receivedAt, out SyslogHeader header)
    {
        header = default;
        header.Pri = -1;
        if (m.IsEmpty)
        {
            return SyslogMalformedReason.Empty;
        }

        var pri = ReadPri(m, out var end);
        if (pri < 0)
        {
            return pri == -1 ? SyslogMalformedReason.NoPri : SyslogMalformedReason.BadPri;
        }

        header.Pri = pri;
        var rest = m[end..];
        var version = VersionLength(rest);
        if (version > 0)
        {
            header.Is5424 = true;
            return Read5424(rest[version..], receivedAt, ref header);
        }

        Read3164(rest, receivedAt, ref header);
        return null;
    }

    private SyslogMalformedReason? Read5424(ReadOnlySpan<byte> rest, DateTimeOffset receivedAt, ref SyslogHeader header)
    {
        var timestamp = NextField(ref rest, out var more);
        if (!IsNil(timestamp)
            && SyslogTimestamp.TryParseIso(timestamp, out var consumed, out var wall, out var offset)
            && consumed == timestamp.Length)
        {
            // An unreadable TIMESTAMP only loses the timestamp: the line is still worth keeping as it is.
            header.Timestamp = offset is { } known
                ? SyslogTimestamp.WithOffset(wall, known)
                : _clock.ToInstant(wall, receivedAt);
        }

        if (!more)
        {
            return SyslogMalformedReason.TruncatedHeader;
        }

        header.Host = Nil(NextField(ref rest, out more));
        if (!more)
        {
            return SyslogMalformedReason.TruncatedHeader;
        }

        header.App = Nil(NextField(ref rest, out more));
        if (!more)
        {
            return SyslogMalformedReason.TruncatedHeader;
        }

        header.ProcId = Nil(NextField(ref rest, out more));
        if (!more)
        {
            return SyslogMalformedReason.TruncatedHeader;
        }

        header.MsgId = Nil(NextField(ref rest, out more));
        if (!more || rest.IsEmpty)
        {
            // Ending right after MSGID (no SD, no MSG) is tolerated: some senders drop the trailing "-".
            return null;
        }

        if (rest[0] == (byte)'-' && (rest.Length == 1 || rest[1] == (byte)' '))
        {
            rest = rest.Length > 2 ? rest[2..] : ReadOnlySpan<byte>.Empty;
        }
        else if (rest[0] == (byte)'[')
        {
            var length = StructuredDataLength(rest);
            if (length < 0)
            {
                return SyslogMalformedReason.BadStructuredData;
            }

            header.StructuredData = rest[..length];
            rest = rest[length..];
            if (!rest.IsEmpty && rest[0] == (byte)' ')
            {
                rest = rest[1..];
            }
        }
        else
        {
            return SyslogMalformedReason.BadStructuredData;
        }

        if (rest.StartsWith("\uFEFF"u8))
        {
            rest = rest[3..];
        }
        else if (!rest.IsEmpty && rest[0] == (byte)' ')
        {
            // rsyslog's RSYSLOG_SyslogProtocol23Format puts %msg% after the SP, and %msg% keeps the space that
            // followed the BSD tag's colon: one leading space is framing, not text.
            rest = rest[1..];
        }

        header.Msg = rest;
        return null;
    }

    private void Read3164(ReadOnlySpan<byte> rest, DateTimeOffset receivedAt, ref SyslogHeader header)
    {
        // Vendor prefixes: "<PRI>: msg" and Cisco's "<PRI>123: " sequence number.
        var vendor = rest.StartsWith(": "u8) ? 2 : SequenceLength(rest);
        rest = rest[vendor..];

        var candidate = rest;
        if (!candidate.IsEmpty && (candidate[0] == (byte)'*' || candidate[0] == (byte)'.'))
        {
            // Cisco marks an unsynchronised clock with '*' and a once-synchronised one with '.'.
            candidate = candidate[1..];
        }

        var zone = _clock;
        if (SyslogTimestamp.TryParseBsd(candidate, out var consumed, out var year, out var month, out var day, out var ticks))
        {
            rest = candidate[consumed..];
            if (rest.StartsWith(" UTC:"u8) || rest.StartsWith(" GMT:"u8))
            {
                zone = ZoneClock.Utc;
                rest = rest[4..];
            }

            header.Timestamp = year > 0
                ? SyslogTimestamp.FromParts(year, month, day, ticks, receivedAt, zone)
                : SyslogTimestamp.ResolveYearless(month, day, ticks, receivedAt, zone, Options.FutureTolerance);
        }
        else if (SyslogTimestamp.TryParseIso(candidate, out consumed, out var wall, out var offset))
        {
            rest = candidate[consumed..];
            header.Timestamp = offset is { } known
                ? SyslogTimestamp.WithOffset(wall, known)
                : zone.ToInstant(wall, receivedAt);
        }
        else
        {
            // No timestamp: RFC 3164 §4.3.3 says the rest is all CONTENT; only a TAG can be told apart, and not
            // after a vendor prefix (Cisco's "%LINK-3-UPDOWN: " is part of the message).
            if (vendor > 0)
            {
                header.Msg = rest;
            }
            else
            {
                ReadTag(rest, allowInnerColon: false, ref header);
            }

            return;
        }

        if (rest.IsEmpty)
        {
            return;
        }

        if (rest[0] == (byte)':')
        {
            // "Mar  1 00:01:02.345 UTC: %SYS-5-..." (Cisco): no host, no tag.
            header.Msg = rest.Length > 1 && rest[1] == (byte)' ' ? rest[2..] : rest[1..];
            return;
        }

        if (rest[0] != (byte)' ')
        {
            header.Msg = rest;
            return;
        }

        rest = rest.TrimStart((byte)' ');

        // A first word that reads as a TAG ("su:", "app[12]:") means the sender left the HOSTNAME out.
        if (ReadTag(rest, allowInnerColon: false, ref header))
        {
            return;
        }

        var space = rest.IndexOf((byte)' ');
        header.Host = space < 0 ? rest : rest[..space];
        rest = space < 0 ? ReadOnlySpan<byte>.Empty : rest[(space + 1)..].TrimStart((byte)' ');
        ReadTag(rest, allowInnerColon: true, ref header);
    }

    /// <summary>
    /// Reads <c>TAG[pid]: </c>, <c>TAG: </c> or <c>TAG[pid] </c> and sets App, ProcId and Msg; without a tag the
    /// whole span is the Msg. After a hostname, a colon inside the word also ends the tag (<c>app:msg</c>), as in
    /// rsyslog; before it, such a word is a hostname (IPv6).
    /// </summary>
    private static bool ReadTag(ReadOnlySpan<byte> rest, bool allowInnerColon, ref SyslogHeader header)
    {
        var space = rest.IndexOf((byte)' ');
        var token = space < 0 ? rest : rest[..space];
        var msg = space < 0 ? ReadOnlySpan<byte>.Empty : rest[(space + 1)..];
        ReadOnlySpan<byte> tag;
        var colon = !token.IsEmpty && token[^1] == (byte)':';
        int inner;
        if (colon)
        {
            tag = token[..^1];
        }
        else if (!token.IsEmpty && token[^1] == (byte)']')
        {
            tag = token;
        }
        else if (allowInnerColon && (inner = token.IndexOf((byte)':')) > 0)
        {
            tag = token[..inner];
            msg = rest[(inner + 1)..];
            if (!msg.IsEmpty && msg[0] == (byte)' ')
            {
                msg = msg[1..];
            }
        }
        else
        {
            header.Msg = rest;
            return false;
        }

        if (!tag.IsEmpty && tag[^1] == (byte)']')
        {
            var open = tag.LastIndexOf((byte)'[');
            if (open > 0)
            {
                header.App = tag[..open];
                header.ProcId = tag[(open + 1)..^1];
                header.Msg = msg;
                return true;
            }

            if (!colon && tag.Length == token.Length)
            {
                // "[::1]", "[12.345678]": brackets without a name in front are not a TAG.
                header.Msg = rest;
                return false;
            }
        }

        header.App = tag;
        header.Msg = msg;
        return true;
    }

    /// <summary>PRI value 0–191, or -1 when there is no '&lt;', -2 when the PRI is broken.</summary>
    private static int ReadPri(ReadOnlySpan<byte> m, out int end)
    {
        end = 0;
        if (m.IsEmpty || m[0] != (byte)'<')
        {
            return -1;
        }

        var pri = 0;
        var i = 1;
        while (i < m.Length && i <= 4 && SyslogTimestamp.IsDigit(m[i]))
        {
            pri = (pri * 10) + (m[i] - '0');
            i++;
        }

        if (i == 1 || i > 4 || i >= m.Length || m[i] != (byte)'>' || pri > 191)
        {
            return -2;
        }

        end = i + 1;
        return pri;
    }

    /// <summary>Length of an RFC 5424 "VERSION SP" (1–3 digits, no leading zero), else 0.</summary>
    private static int VersionLength(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty || rest[0] is < (byte)'1' or > (byte)'9')
        {
            return 0;
        }

        var i = 1;
        while (i < rest.Length && i < 3 && SyslogTimestamp.IsDigit(rest[i]))
        {
            i++;
        }

        return i < rest.Length && rest[i] == (byte)' ' ? i + 1 : 0;
    }

    /// <summary>Length of a Cisco-style "123: " sequence number prefix, else 0.</summary>
    private static int SequenceLength(ReadOnlySpan<byte> rest)
    {
        var i = 0;
        while (i < rest.Length && i < 10 && SyslogTimestamp.IsDigit(rest[i]))
        {
            i++;
        }

        return i > 0 && rest[i..].StartsWith(": "u8) ? i + 2 : 0;
    }

    /// <summary>Length of one or more SD-ELEMENTs; -1 when an element is not closed.</summary>
    private static int StructuredDataLength(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length && s[i] == (byte)'[')
        {
            i++;
            var quoted = false;
            while (true)
            {
                if (i >= s.Length)
                {
                    return -1;
                }

                var c = s[i];
                if (quoted)
                {
                    if (c == (byte)'\\')
                    {
                        // \" \\ \] inside a PARAM-VALUE; a lone backslash before any other byte is kept as is.
                        i += 2;
                        continue;
                    }

                    if (c == (byte)'"')
                    {
                        quoted = false;
                    }
                }
                else if (c == (byte)'"')
                {
                    quoted = true;
                }
                else if (c == (byte)']')
                {
                    i++;
                    break;
                }

                i++;
            }
        }

        return i;
    }

    private static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> rest, out bool more)
    {
        var space = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> field;
        if (space < 0)
        {
            field = rest;
            rest = ReadOnlySpan<byte>.Empty;
            more = false;
        }
        else
        {
            field = rest[..space];
            rest = rest[(space + 1)..];
            more = true;
        }

        return field;
    }

    private static bool IsNil(ReadOnlySpan<byte> field) => field.Length == 1 && field[0] == (byte)'-';

    private static ReadOnlySpan<byte> Nil(ReadOnlySpan<byte> field) => IsNil(field) ? ReadOnlySpan<byte>.Empty : field;
}
