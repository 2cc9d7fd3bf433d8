namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// A write-only stream that passes what it is given to whichever file is its <see cref="File"/> now. The per-node
/// files share one text encoder writing into it, so each file needs no buffer of its own; the encoder is flushed
/// before the target changes, and lines of one node in a row go out in one write.
/// </summary>
internal sealed class FileTarget : Stream
{
    public FileStream? File { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            (File ?? throw new InvalidOperationException("no file to write to")).Write(buffer);
        }
    }

    public override void Flush()
    {
        // The files are unbuffered: what was written is already with the OS. Durability is the writer's Flush.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
