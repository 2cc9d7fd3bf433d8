using Akka.Actor;
using Akka.Serialization;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Persisted events and snapshots are contracts: each manifest names a versioned binary layout that must keep
/// loading after any change. Queries and answers share it so any aggregator can ask any entity; so do the cluster
/// topics' news (crashes, retention trims).
/// </summary>
public sealed class NodeLogSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7102;

    private const string LinesManifest = "lines.v1";
    private const string SnapshotManifest = "nodelog-snap.v1";
    private const string GetStatusManifest = "get-status.v1";
    private const string StatusManifest = "status.v1";
    private const string GetTailManifest = "get-tail.v1";
    private const string TailManifest = "tail.v1";
    private const string CrashManifest = "crash.v1";
    private const string CrashStartedManifest = "crash-started.v1";
    private const string TrimmedManifest = "trimmed.v1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        LinesAppended => LinesManifest,
        NodeLogSnapshot => SnapshotManifest,
        GetNodeStatus => GetStatusManifest,
        NodeStatus => StatusManifest,
        GetTail => GetTailManifest,
        NodeTail => TailManifest,
        CrashDetected => CrashManifest,
        CrashStarted => CrashStartedManifest,
        NodeLogTrimmed => TrimmedManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a NodeLog message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => ScratchWriter.Write(obj, Write);

    private static void Write(BinaryWriter w, object obj)
    {
        switch (obj)
        {
            case LinesAppended e:
                WriteLines(w, e.Lines);
                e.Decoder.WriteTo(w);
                WriteDeliveries(w, e.Deliveries);
                e.Crashes.WriteTo(w);
                break;
            case NodeLogSnapshot s:
                w.Write(s.LineCount);
                w.Write(s.LastSeen.UtcTicks);
                WriteLines(w, s.Tail);
                s.Decoder.WriteTo(w);
                WriteDeliveries(w, s.Delivered);
                s.Crashes.WriteTo(w);
                w.Write(s.CrashCount);
                s.Retention.WriteTo(w); // a trailing addition: v1 readers never reach it, v1 data has none
                break;
            case CrashDetected c:
                w.Write(c.Id);
                w.Write(c.Node);
                WriteReport(w, c.Report);
                break;
            case CrashStarted c:
                w.Write(c.Node);
                w.Write(c.Kind);
                w.Write(c.HeaderLine);
                w.Write(c.At.UtcTicks);
                w.Write(c.Boot);
                break;
            case NodeLogTrimmed t:
                w.Write(t.Node);
                w.Write(t.PersistenceId);
                w.Write(t.UpToSeq);
                w.Write(t.NewestDeleted.UtcTicks);
                break;
            case GetNodeStatus q:
                w.Write(q.Node);
                break;
            case NodeStatus r:
                w.Write(r.Node);
                w.Write(r.Exists);
                w.Write(r.LastSeen.UtcTicks);
                w.Write(r.LineCount);
                w.Write(r.CrashCount);
                w.Write7BitEncodedInt(r.Counters.Count);
                foreach (var (name, value) in r.Counters)
                {
                    w.Write(name);
                    w.Write(value);
                }

                break;
            case GetTail q:
                w.Write(q.Node);
                w.Write(q.Count);
                break;
            case NodeTail r:
                w.Write(r.Node);
                w.Write(r.Exists);
                WriteLines(w, r.Lines);
                w.Write(r.LineCount);
                w.Write(r.UpToSeq); // last, so a reader that predates it ignores it
                break;
            default:
                throw new ArgumentException($"{obj.GetType()} is not a NodeLog message", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            LinesManifest => new LinesAppended(ReadLines(r), NodeStreamState.ReadFrom(r), ReadDeliveries(r), CrashDetectorState.ReadFrom(r)),
            SnapshotManifest => new NodeLogSnapshot(
                r.ReadInt64(), Ticks(r), ReadLines(r), NodeStreamState.ReadFrom(r), ReadDeliveries(r), CrashDetectorState.ReadFrom(r), r.ReadInt64())
            {
                Retention = r.BaseStream.Position < r.BaseStream.Length ? RetentionIndex.ReadFrom(r) : new RetentionIndex(),
            },
            CrashManifest => new CrashDetected(r.ReadString(), r.ReadString(), ReadReport(r)),
            CrashStartedManifest => new CrashStarted(r.ReadString(), r.ReadString(), r.ReadString(), Ticks(r), r.ReadInt32()),
            TrimmedManifest => new NodeLogTrimmed(r.ReadString(), r.ReadString(), r.ReadInt64(), Ticks(r)),
            GetStatusManifest => new GetNodeStatus(r.ReadString()),
            StatusManifest => new NodeStatus(r.ReadString(), r.ReadBoolean(), Ticks(r), r.ReadInt64(), r.ReadInt64(), ReadCounters(r)),
            GetTailManifest => new GetTail(r.ReadString(), r.ReadInt32()),
            TailManifest => new NodeTail(r.ReadString(), r.ReadBoolean(), ReadLines(r), r.ReadInt64(), r.BaseStream.Position < r.BaseStream.Length ? r.ReadInt64() : 0),
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown NodeLog manifest '{manifest}'"),
        };
    }

    private static DateTimeOffset Ticks(BinaryReader r) => new(r.ReadInt64(), TimeSpan.Zero);

    private static SortedDictionary<string, long> ReadCounters(BinaryReader r)
    {
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = r.Read7BitEncodedInt(); i > 0; i--)
        {
            counters[r.ReadString()] = r.ReadInt64();
        }

        return counters;
    }

    private static void WriteReport(BinaryWriter w, CrashReport report)
    {
        w.Write(report.Kind);
        w.Write(report.Title);
        WriteOptional(w, report.Frame);
        w.Write(report.Panicked);
        w.Write(report.Corrupted);
        WriteOptional(w, report.KernelVersion);
        w.Write(report.FirstAt.UtcTicks);
        w.Write(report.LastAt.UtcTicks);
        w.Write(report.FirstLineIndex);
        w.Write(report.LastLineIndex);
        w.Write(report.Text);
        w.Write(report.FirstSeq ?? -1);
        w.Write(report.Boot);
        w.Write((byte)report.CloseReason);
    }

    private static CrashReport ReadReport(BinaryReader r) => new(
        Kind: r.ReadString(),
        Title: r.ReadString(),
        Frame: ReadOptional(r),
        Panicked: r.ReadBoolean(),
        Corrupted: r.ReadBoolean(),
        KernelVersion: ReadOptional(r),
        FirstAt: Ticks(r),
        LastAt: Ticks(r),
        FirstLineIndex: r.ReadInt32(),
        LastLineIndex: r.ReadInt32(),
        Text: r.ReadString(),
        FirstSeq: r.ReadInt64() is var seq && seq >= 0 ? seq : null,
        Boot: r.ReadInt32(),
        CloseReason: (CrashCloseReason)r.ReadByte());

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteLines(BinaryWriter w, IReadOnlyList<LogLine> lines)
    {
        w.Write7BitEncodedInt(lines.Count);
        foreach (var line in lines)
        {
            LogLineBinary.Write(w, line);
        }
    }

    private static LogLine[] ReadLines(BinaryReader r)
    {
        var lines = new LogLine[r.Read7BitEncodedInt()];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = LogLineBinary.Read(r);
        }

        return lines;
    }

    private static void WriteDeliveries(BinaryWriter w, IReadOnlyList<Delivery> deliveries)
    {
        w.Write7BitEncodedInt(deliveries.Count);
        foreach (var d in deliveries)
        {
            w.Write(d.Sender);
            w.Write(d.UpTo);
        }
    }

    private static Delivery[] ReadDeliveries(BinaryReader r)
    {
        var deliveries = new Delivery[r.Read7BitEncodedInt()];
        for (var i = 0; i < deliveries.Length; i++)
        {
            deliveries[i] = new Delivery(r.ReadString(), r.ReadInt64());
        }

        return deliveries;
    }
}
