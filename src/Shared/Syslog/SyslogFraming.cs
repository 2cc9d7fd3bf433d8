using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Syslog;

/// <summary>
/// Cuts one TCP connection's byte stream into syslog messages (RFC 6587). Stateful, one per connection, not
/// thread-safe; pure (no socket, no clock).
/// </summary>
/// <remarks>
/// <para>The connection's first byte picks the framing: a digit is octet counting, anything else (normally '&lt;')
/// is newline framing, where LF or NUL ends a message and empty messages are skipped.</para>
/// <para>A frame longer than <see cref="SyslogOptions.MaxFrameBytes"/> is emitted cut, flagged
/// <see cref="LineFlags.Truncated"/>, as soon as that many bytes are in; the rest of it is skipped (octet
/// counting: exactly the declared length, so the stream stays in step; newline: up to the next LF).</para>
/// <para>A garbage octet count (not digits then SP, zero, or above <see cref="SyslogOptions.MaxOctetCount"/>)
/// means the stream cannot be trusted: the framer discards bytes up to the next LF/NUL and resumes at the next
/// frame that starts with '&lt;' (newline framing) or a digit (octet counting). Everything discarded is
/// counted. An octet-counting sender that never sends LF is thus ignored until it reconnects.</para>
/// <para>Memory is bounded: at most <see cref="SyslogOptions.MaxFrameBytes"/> are held.</para>
/// </remarks>
public sealed class SyslogFraming
{
    private const int MaxLengthDigits = 10;

    private readonly int _maxFrameBytes;
    private readonly long _maxOctetCount;
    private byte[] _buffer = [];
    private int _length;
    private FramingState _state;
    private long _remaining;
    private int _digits;

    public SyslogFraming(SyslogOptions? options = null)
    {
        options ??= SyslogOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameBytes, 1);
        _maxFrameBytes = options.MaxFrameBytes;
        _maxOctetCount = Math.Max(options.MaxOctetCount, options.MaxFrameBytes);
    }

    public SyslogFramingMode Mode { get; private set; }

    /// <summary>Bytes of an unfinished frame held; never more than MaxFrameBytes.</summary>
    public int PendingBytes => _length;

    /// <summary>Frames emitted, truncated ones included.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Frames emitted with <see cref="LineFlags.Truncated"/> (oversized, or cut off by <see cref="Flush{TState}"/>).</summary>
    public long TruncatedFrames { get; private set; }

    /// <summary>Frames longer than MaxFrameBytes.</summary>
    public long OversizedFrames { get; private set; }

    /// <summary>Octet counts that could not be believed; each one started a resynchronisation.</summary>
    public long GarbageLengths { get; private set; }

    /// <summary>Octet-counted frames still short of their length when the connection ended.</summary>
    public long IncompleteFrames { get; private set; }

    /// <summary>Bytes thrown away: tails of oversized frames and bytes skipped while resynchronising.</summary>
    public long DiscardedBytes { get; private set; }

    /// <summary>True between a garbage length and the next plausible frame start.</summary>
    public bool IsResyncing => _state is FramingState.Resync or FramingState.ResyncStart;

    /// <summary>Feeds received bytes; <paramref name="onFrame"/> is called for every frame completed, in order.</summary>
    public void Append<TState>(ReadOnlySpan<byte> received, TState state, SyslogFrameHandler<TState> onFrame)
    {
        while (!received.IsEmpty)
        {
            switch (_state)
            {
                case FramingState.FrameStart:
                    received = AtFrameStart(received);
                    break;
                case FramingState.Length:
                    received = InLength(received);
                    break;
                case FramingState.Body:
                    received = InBody(received, state, onFrame);
                    break;
                case FramingState.SkipBody:
                    {
                        var skip = (int)Math.Min(_remaining, received.Length);
                        DiscardedBytes += skip;
                        _remaining -= skip;
                        received = received[skip..];
                        if (_remaining == 0)
                        {
                            _state = FramingState.FrameStart;
                        }

                        break;
                    }

                case FramingState.Line:
                    received = InLine(received, state, onFrame);
                    break;
                case FramingState.SkipLine:
                case FramingState.Resync:
                    received = SkipToDelimiter(received);
                    break;
                case FramingState.ResyncStart:
                    received = AtResyncStart(received);
                    break;
            }
        }
    }

    /// <summary>Feeds received bytes; copies every completed frame into <paramref name="frames"/>.</summary>
    public void Append(ReadOnlySpan<byte> received, List<SyslogFrame> frames) =>
        Append(received, frames, static (list, frame, flags) => list.Add(new SyslogFrame(frame.ToArray(), flags)));

    /// <summary>
    /// The connection ended: emits what is held. A newline-framed message without its final LF is complete (many
    /// senders close without one); an octet-counted frame short of its length is emitted Truncated.
    /// </summary>
    public void Flush<TState>(TState state, SyslogFrameHandler<TState> onFrame)
    {
        switch (_state)
        {
            case FramingState.Line when _length > 0:
                Emit(state, onFrame, _buffer.AsSpan(0, _length), LineFlags.None);
                break;
            case FramingState.Body:
                IncompleteFrames++;
                if (_length > 0)
                {
                    Emit(state, onFrame, _buffer.AsSpan(0, _length), LineFlags.Truncated);
                }

                break;
            case FramingState.Length:
                IncompleteFrames++;
                break;
        }

        _length = 0;
        _remaining = 0;
        _state = IsResyncing ? _state : FramingState.FrameStart;
    }

    public void Flush(List<SyslogFrame> frames) =>
        Flush(frames, static (list, frame, flags) => list.Add(new SyslogFrame(frame.ToArray(), flags)));

    private static bool IsFiller(byte b) => b is (byte)'\n' or (byte)'\r' or 0 or (byte)' ';

    private ReadOnlySpan<byte> AtFrameStart(ReadOnlySpan<byte> received)
    {
        var b = received[0];

        // Blank lines, NULs and stray spaces between frames carry nothing; some senders add a LF after an
        // octet-counted frame.
        if (IsFiller(b))
        {
            return received[1..];
        }

        if (Mode == SyslogFramingMode.Unknown)
        {
            Mode = SyslogTimestamp.IsDigit(b) ? SyslogFramingMode.OctetCounting : SyslogFramingMode.NonTransparent;
        }

        if (Mode == SyslogFramingMode.NonTransparent)
        {
            _state = FramingState.Line;
        }
        else if (SyslogTimestamp.IsDigit(b))
        {
            _state = FramingState.Length;
            _remaining = 0;
            _digits = 0;
        }
        else
        {
            Garbage();
        }

        return received;
    }

    private ReadOnlySpan<byte> InLength(ReadOnlySpan<byte> received)
    {
        var i = 0;
        while (i < received.Length)
        {
            var b = received[i];
            if (SyslogTimestamp.IsDigit(b))
            {
                _remaining = (_remaining * 10) + (b - '0');
                _digits++;
                if (_digits > MaxLengthDigits || _remaining > _maxOctetCount)
                {
                    // Digits from earlier chunks count too; this one is left for the resync to count.
                    DiscardedBytes += _digits - 1;
                    Garbage();
                    return received[i..];
                }

                i++;
                continue;
            }

            if (b == (byte)' ' && _remaining > 0)
            {
                _state = FramingState.Body;
                return received[(i + 1)..];
            }

            DiscardedBytes += _digits;
            Garbage();
            return received[i..];
        }

        return ReadOnlySpan<byte>.Empty;
    }

    private ReadOnlySpan<byte> InBody<TState>(ReadOnlySpan<byte> received, TState state, SyslogFrameHandler<TState> onFrame)
    {
        // Zero-copy when the whole frame is in this chunk.
        if (_length == 0 && _remaining <= received.Length && _remaining <= _maxFrameBytes)
        {
            var whole = (int)_remaining;
            _remaining = 0;
            _state = FramingState.FrameStart;
            Emit(state, onFrame, received[..whole], LineFlags.None);
            return received[whole..];
        }

        var take = (int)Math.Min(_remaining, Math.Min(received.Length, _maxFrameBytes - _length));
        Store(received[..take]);
        _remaining -= take;
        received = received[take..];
        if (_remaining == 0)
        {
            _state = FramingState.FrameStart;
            EmitBuffer(state, onFrame, LineFlags.None);
        }
        else if (_length == _maxFrameBytes)
        {
            OversizedFrames++;
            _state = FramingState.SkipBody;
            EmitBuffer(state, onFrame, LineFlags.Truncated);
        }

        return received;
    }

    private ReadOnlySpan<byte> InLine<TState>(ReadOnlySpan<byte> received, TState state, SyslogFrameHandler<TState> onFrame)
    {
        var end = received.IndexOfAny((byte)'\n', (byte)0);
        var piece = end < 0 ? received : received[..end];
        if (_length == 0 && end >= 0 && piece.Length <= _maxFrameBytes)
        {
            _state = FramingState.FrameStart;
            Emit(state, onFrame, piece, LineFlags.None);
            return received[(end + 1)..];
        }

        var room = _maxFrameBytes - _length;
        if (piece.Length > room)
        {
            Store(piece[..room]);
            OversizedFrames++;
            DiscardedBytes += piece.Length - room;
            _state = end < 0 ? FramingState.SkipLine : FramingState.FrameStart;
            EmitBuffer(state, onFrame, LineFlags.Truncated);
            return end < 0 ? ReadOnlySpan<byte>.Empty : received[(end + 1)..];
        }

        Store(piece);
        if (end < 0)
        {
            return ReadOnlySpan<byte>.Empty;
        }

        _state = FramingState.FrameStart;
        EmitBuffer(state, onFrame, LineFlags.None);
        return received[(end + 1)..];
    }

    private ReadOnlySpan<byte> SkipToDelimiter(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOfAny((byte)'\n', (byte)0);
        if (end < 0)
        {
            DiscardedBytes += received.Length;
            return ReadOnlySpan<byte>.Empty;
        }

        // The delimiter of a cut line belongs to the frame already emitted; in a resync it is junk like the rest.
        var resync = _state == FramingState.Resync;
        DiscardedBytes += resync ? end + 1 : end;
        _state = resync ? FramingState.ResyncStart : FramingState.FrameStart;
        return received[(end + 1)..];
    }

    private ReadOnlySpan<byte> AtResyncStart(ReadOnlySpan<byte> received)
    {
        var b = received[0];
        if (IsFiller(b))
        {
            DiscardedBytes++;
            return received[1..];
        }

        if (b == (byte)'<' || SyslogTimestamp.IsDigit(b))
        {
            Mode = b == (byte)'<' ? SyslogFramingMode.NonTransparent : SyslogFramingMode.OctetCounting;
            _state = FramingState.FrameStart;
        }
        else
        {
            _state = FramingState.Resync;
        }

        return received;
    }

    private void Garbage()
    {
        GarbageLengths++;
        _remaining = 0;
        _length = 0;
        _state = FramingState.Resync;
    }

    private void Store(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_maxFrameBytes, Math.Max(Math.Max(256, _buffer.Length * 2), _length + bytes.Length)));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void EmitBuffer<TState>(TState state, SyslogFrameHandler<TState> onFrame, LineFlags flags)
    {
        var length = _length;
        _length = 0;
        Emit(state, onFrame, _buffer.AsSpan(0, length), flags);
    }

    private void Emit<TState>(TState state, SyslogFrameHandler<TState> onFrame, ReadOnlySpan<byte> frame, LineFlags flags)
    {
        FrameCount++;
        if ((flags & LineFlags.Truncated) != 0)
        {
            TruncatedFrames++;
        }

        onFrame(state, frame, flags);
    }
}
