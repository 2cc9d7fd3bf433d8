namespace KrgLogs.Shared.Ingest;

/// <summary>What a <see cref="NodeStream"/> holds back between datagrams; persisted with every batch.</summary>
public sealed record NodeStreamState(byte[] PlainPending, DateTimeOffset LastPlainAt)
{
    private const byte Version = 1;

    public static NodeStreamState Empty { get; } = new([], DateTimeOffset.MinValue);

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Version);
        writer.Write7BitEncodedInt(PlainPending.Length);
        writer.Write(PlainPending);
        writer.Write(LastPlainAt.UtcTicks);
    }

    public static NodeStreamState ReadFrom(BinaryReader reader)
    {
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"unknown NodeStreamState version {version}");
        }

        var pending = reader.ReadBytes(reader.Read7BitEncodedInt());
        return new NodeStreamState(pending, new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));
    }
}
