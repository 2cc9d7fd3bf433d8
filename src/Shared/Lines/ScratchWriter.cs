using System.Text;

namespace KrgLogs.Shared.Lines;

/// <summary>
/// Serialises into a buffer kept per thread and copies out the exact bytes once. A fresh MemoryStream per message
/// allocated its buffer and then the copy: about a tenth of everything the ingest path allocated was such buffers.
/// </summary>
public static class ScratchWriter
{
    // A buffer grown past this by one large message (a snapshot) is let go rather than kept for the thread's life.
    private const int KeepBytes = 1 << 20;

    // UTF-8 without a byte-order mark, as BinaryWriter writes by default, but a lone surrogate becomes U+FFFD
    // instead of failing the whole write.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Runs <paramref name="write"/> on the thread's writer and returns what it wrote.</summary>
    public static byte[] Write<TState>(TState state, Action<BinaryWriter, TState> write)
    {
        // Taken off the thread while in use, so a nested call (none today) gets a buffer of its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        scratch.Stream.SetLength(0);
        write(scratch.Writer, state);
        scratch.Writer.Flush();
        var bytes = scratch.Stream.ToArray();
        if (scratch.Stream.Capacity <= KeepBytes)
        {
            t_scratch = scratch;
        }

        return bytes;
    }

    private sealed class Scratch
    {
        public Scratch() => Writer = new BinaryWriter(Stream, Utf8, leaveOpen: true);

        public MemoryStream Stream { get; } = new(16 * 1024);

        public BinaryWriter Writer { get; }
    }
}
