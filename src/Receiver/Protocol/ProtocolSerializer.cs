using Akka.Actor;
using Akka.Serialization;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Receiver.Protocol;

/// <summary>
/// The receiver ↔ entity wire contract: compact, hand-written binary with short versioned manifests.
/// </summary>
public sealed class ProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7101;
    private const string BatchManifest = "batch.v1";
    private const string AckManifest = "ack.v1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        NodeBatch => BatchManifest,
        BatchPersisted => AckManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a receiver protocol message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => ScratchWriter.Write(obj, Write);

    private static void Write(BinaryWriter writer, object obj)
    {
        switch (obj)
        {
            case NodeBatch batch:
                writer.Write(batch.Node);
                writer.Write(batch.Sender);
                writer.Write(batch.Seq);
                WriteDatagrams(writer, batch.Datagrams);
                break;
            case BatchPersisted ack:
                writer.Write(ack.Node);
                writer.Write(ack.Sender);
                writer.Write(ack.UpTo);
                break;
            default:
                throw new ArgumentException($"{obj.GetType()} is not a receiver protocol message", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            BatchManifest => new NodeBatch(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), ReadDatagrams(reader)),
            AckManifest => new BatchPersisted(reader.ReadString(), reader.ReadString(), reader.ReadInt64()),
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown receiver protocol manifest '{manifest}'"),
        };
    }

    public static void WriteDatagrams(BinaryWriter writer, DatagramBatch batch)
    {
        writer.Write7BitEncodedInt(batch.Count);
        writer.Write7BitEncodedInt(batch.ByteCount);
        writer.Write(batch.Buffer, 0, batch.ByteCount);
        for (var i = 0; i < batch.Count; i++)
        {
            writer.Write7BitEncodedInt(batch.Ends[i]);
            writer.Write(batch.ReceivedAtTicks[i]);
            writer.Write((byte)batch.Transports[i]);
        }
    }

    public static DatagramBatch ReadDatagrams(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        var buffer = reader.ReadBytes(reader.Read7BitEncodedInt());
        var ends = new int[count];
        var ticks = new long[count];
        var transports = new DatagramTransport[count];
        for (var i = 0; i < count; i++)
        {
            ends[i] = reader.Read7BitEncodedInt();
            ticks[i] = reader.ReadInt64();
            transports[i] = (DatagramTransport)reader.ReadByte();
        }

        return new DatagramBatch(buffer, ends, ticks, transports);
    }
}
