using System.Text;

namespace KrgLogs.Shared.Lines;

/// <summary>
/// Cuts a byte stream that arrives in arbitrary chunks into lines. The unfinished tail is kept as bytes, so a
/// UTF-8 character or a line split across datagrams comes out whole. Pure and deterministic.
/// </summary>
public sealed class LineAssembler
{
    /// <summary>A tail longer than this is emitted as a truncated line rather than grown without bound.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly int _maxLineBytes;
    private byte[] _tail;
    private int _tailLength;

    public LineAssembler(int maxLineBytes = DefaultMaxLineBytes)
        : this(ReadOnlySpan<byte>.Empty, maxLineBytes)
    {
    }

    /// <summary>Resumes from a pending tail (as returned by <see cref="Pending"/>), e.g. after recovery.</summary>
    public LineAssembler(ReadOnlySpan<byte> pending, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
        _tail = new byte[Math.Max(256, pending.Length)];
        pending.CopyTo(_tail);
        _tailLength = pending.Length;
    }

    /// <summary>The bytes of the unfinished last line.</summary>
    public ReadOnlySpan<byte> Pending => _tail.AsSpan(0, _tailLength);

    public bool HasPending => _tailLength > 0;

    /// <summary>Appends a chunk; calls <paramref name="onLine"/> for every line it completes, in order.</summary>
    public void Append<TState>(ReadOnlySpan<byte> chunk, TState state, Action<TState, string, LineFlags> onLine)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AddToTail(chunk, state, onLine);
                return;
            }

            var piece = chunk[..newline];
            if (_tailLength == 0)
            {
                while (piece.Length > _maxLineBytes)
                {
                    onLine(state, Decode(piece[.._maxLineBytes]), LineFlags.Truncated);
                    piece = piece[_maxLineBytes..];
                }

                onLine(state, Decode(piece), LineFlags.None);
            }
            else
            {
                AddToTail(piece, state, onLine);
                onLine(state, Decode(Pending), LineFlags.None);
                _tailLength = 0;
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>Emits the unfinished tail as a line of its own (idle timeout, shutdown), with the given flag.</summary>
    public void Flush<TState>(TState state, Action<TState, string, LineFlags> onLine, LineFlags flags = LineFlags.PartialFlushed)
    {
        if (_tailLength == 0)
        {
            return;
        }

        onLine(state, Decode(Pending), flags);
        _tailLength = 0;
    }

    /// <summary>Bytes to text: invalid UTF-8 becomes U+FFFD; a trailing CR (serial-style CRLF) is dropped.</summary>
    public static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return line.IsEmpty ? string.Empty : Utf8.GetString(line);
    }

    private void AddToTail<TState>(ReadOnlySpan<byte> bytes, TState state, Action<TState, string, LineFlags> onLine)
    {
        while (_tailLength + bytes.Length > _maxLineBytes)
        {
            var room = _maxLineBytes - _tailLength;
            Store(bytes[..room]);
            onLine(state, Decode(Pending), LineFlags.Truncated);
            _tailLength = 0;
            bytes = bytes[room..];
        }

        Store(bytes);
    }

    private void Store(ReadOnlySpan<byte> bytes)
    {
        if (_tailLength + bytes.Length > _tail.Length)
        {
            Array.Resize(ref _tail, Math.Min(_maxLineBytes, Math.Max(_tail.Length * 2, _tailLength + bytes.Length)));
        }

        bytes.CopyTo(_tail.AsSpan(_tailLength));
        _tailLength += bytes.Length;
    }
}
