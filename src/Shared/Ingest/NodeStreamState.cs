using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Ingest;

/// <summary>What a <see cref="NodeStream"/> holds back between datagrams; persisted with every batch.</summary>
public sealed record NodeStreamState(NetconsoleState Netconsole)
{
    private const byte Version = 2;

    public static NodeStreamState Empty { get; } = new(NetconsoleState.Initial);

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Version);
        Netconsole.WriteTo(writer);
    }

    public static NodeStreamState ReadFrom(BinaryReader reader)
    {
        var version = reader.ReadByte();
        return version == Version
            ? new NodeStreamState(NetconsoleState.ReadFrom(reader))
            : throw new InvalidDataException($"unknown NodeStreamState version {version}");
    }
}
