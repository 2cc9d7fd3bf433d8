using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Netconsole;

/// <summary>
/// Everything a <see cref="NetconsoleDecoder"/> has pending (partial plain line, records in the reorder window
/// or held for a continuation, ncfrag pieces) plus its boot epoch and counters: an immutable snapshot that a
/// decoder resumes from and produces the same lines as one that never stopped.
/// </summary>
/// <remarks>
/// Binary format (little-endian, <see cref="BinaryWriter"/> 7-bit varints marked v):
/// version byte (1); v boot; flag byte (1 seen-this-boot, 2 legacy '+' continuations, 4 anchored);
/// v plain pending length + bytes + time (if length &gt; 0); v next seq; u64 released mask; release string or
/// empty; v highest msgid + 1; v count + records waiting; v count + records held; v count + fragments;
/// v counter count + v counters; v reboot-candidate length + datagram + time (if length &gt; 0).
/// A record: v seq, v priority, v usec, caller or empty, flag byte, text, v flags, time. A fragment: v seq,
/// v priority, v usec, caller, flag, v total, first and last time, v range count, ranges as v start/end, then
/// the covered bytes. A time: i64 UTC ticks + i16 offset minutes. About 30 bytes when nothing is pending.
/// </remarks>
public sealed class NetconsoleState
{
    public const byte FormatVersion = 1;

    private static readonly ExtendedRecord[] NoRecords = [];
    private static readonly FragmentAssembly[] NoFragments = [];

    internal NetconsoleState()
    {
    }

    /// <summary>The state of a decoder that has seen nothing.</summary>
    public static NetconsoleState Initial { get; } = new();

    public int Boot { get; internal init; }

    /// <summary>Records, fragmented records and partial bytes still pending (0 = nothing would be lost).</summary>
    public int PendingCount => Waiting.Length + Held.Length + Fragments.Length + (PlainPending.Length > 0 ? 1 : 0) + (RebootCandidate.Length > 0 ? 1 : 0);

    internal bool SeenThisBoot { get; init; }

    internal bool LegacyContinuation { get; init; }

    internal byte[] PlainPending { get; init; } = [];

    internal DateTimeOffset PlainLastAt { get; init; }

    internal bool Anchored { get; init; }

    internal long NextSeq { get; init; }

    internal ulong ReleasedMask { get; init; }

    internal string? Release { get; init; }

    internal long HighestMsgId { get; init; } = -1;

    internal ExtendedRecord[] Waiting { get; init; } = NoRecords;

    internal ExtendedRecord[] Held { get; init; } = NoRecords;

    internal FragmentAssembly[] Fragments { get; init; } = NoFragments;

    internal long[] Counters { get; init; } = new long[NetconsoleCounters.SlotCount];

    internal byte[] RebootCandidate { get; init; } = [];

    internal DateTimeOffset RebootCandidateAt { get; init; }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write7BitEncodedInt(Boot);
        writer.Write((byte)((SeenThisBoot ? 1 : 0) | (LegacyContinuation ? 2 : 0) | (Anchored ? 4 : 0)));
        writer.Write7BitEncodedInt(PlainPending.Length);
        if (PlainPending.Length > 0)
        {
            writer.Write(PlainPending);
            WriteTime(writer, PlainLastAt);
        }

        writer.Write7BitEncodedInt64(NextSeq);
        writer.Write(ReleasedMask);
        writer.Write(Release ?? string.Empty);
        writer.Write7BitEncodedInt64(HighestMsgId + 1);
        WriteRecords(writer, Waiting);
        WriteRecords(writer, Held);
        writer.Write7BitEncodedInt(Fragments.Length);
        foreach (var fragment in Fragments)
        {
            writer.Write7BitEncodedInt64(fragment.Seq);
            writer.Write7BitEncodedInt(fragment.Priority);
            writer.Write7BitEncodedInt64(fragment.Usec);
            writer.Write(fragment.Caller ?? string.Empty);
            writer.Write(fragment.Flag);
            writer.Write7BitEncodedInt(fragment.Total);
            WriteTime(writer, fragment.FirstAt);
            WriteTime(writer, fragment.LastAt);
            var coverage = fragment.Coverage;
            writer.Write7BitEncodedInt(coverage.Length / 2);
            foreach (var bound in coverage)
            {
                writer.Write7BitEncodedInt(bound);
            }

            for (var i = 0; i < coverage.Length; i += 2)
            {
                writer.Write(fragment.Bytes[coverage[i]..coverage[i + 1]]);
            }
        }

        writer.Write7BitEncodedInt(Counters.Length);
        foreach (var counter in Counters)
        {
            writer.Write7BitEncodedInt64(counter);
        }

        writer.Write7BitEncodedInt(RebootCandidate.Length);
        if (RebootCandidate.Length > 0)
        {
            writer.Write(RebootCandidate);
            WriteTime(writer, RebootCandidateAt);
        }
    }

    /// <exception cref="InvalidDataException">Unknown version or inconsistent content.</exception>
    public static NetconsoleState ReadFrom(BinaryReader reader)
    {
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unknown netconsole state version {version}.");
        }

        var boot = reader.Read7BitEncodedInt();
        var flags = reader.ReadByte();
        var pendingLength = reader.Read7BitEncodedInt();
        var pending = pendingLength == 0 ? [] : reader.ReadBytes(pendingLength);
        var plainLastAt = pendingLength == 0 ? default : ReadTime(reader);
        var nextSeq = reader.Read7BitEncodedInt64();
        var mask = reader.ReadUInt64();
        var release = reader.ReadString();
        var highestMsgId = reader.Read7BitEncodedInt64() - 1;
        var waiting = ReadRecords(reader);
        var held = ReadRecords(reader);
        var fragmentCount = reader.Read7BitEncodedInt();
        var fragments = fragmentCount == 0 ? NoFragments : new FragmentAssembly[fragmentCount];
        for (var f = 0; f < fragmentCount; f++)
        {
            var seq = reader.Read7BitEncodedInt64();
            var priority = reader.Read7BitEncodedInt();
            var usec = reader.Read7BitEncodedInt64();
            var caller = NullIfEmpty(reader.ReadString());
            var flag = reader.ReadByte();
            var total = reader.Read7BitEncodedInt();
            var firstAt = ReadTime(reader);
            var lastAt = ReadTime(reader);
            var rangeCount = reader.Read7BitEncodedInt();
            if (total <= 0 || rangeCount < 0 || rangeCount > total)
            {
                throw new InvalidDataException("Bad fragment in netconsole state.");
            }

            var coverage = new int[rangeCount * 2];
            var received = 0;
            for (var i = 0; i < coverage.Length; i++)
            {
                coverage[i] = reader.Read7BitEncodedInt();
            }

            for (var i = 0; i < coverage.Length; i += 2)
            {
                if (coverage[i] < 0 || coverage[i] >= coverage[i + 1] || coverage[i + 1] > total)
                {
                    throw new InvalidDataException("Bad fragment range in netconsole state.");
                }

                received += coverage[i + 1] - coverage[i];
            }

            var assembly = new FragmentAssembly(seq, priority, usec, caller, flag, total, firstAt);
            assembly.Restore(coverage, reader.ReadBytes(received));
            assembly.RestoreLastAt(lastAt);
            fragments[f] = assembly;
        }

        var counterCount = reader.Read7BitEncodedInt();
        var counters = new long[NetconsoleCounters.SlotCount];
        for (var i = 0; i < counterCount; i++)
        {
            var value = reader.Read7BitEncodedInt64();
            if (i < counters.Length)
            {
                counters[i] = value;
            }
        }

        var candidateLength = reader.Read7BitEncodedInt();
        var candidate = candidateLength == 0 ? [] : reader.ReadBytes(candidateLength);
        var candidateAt = candidateLength == 0 ? default : ReadTime(reader);

        return new NetconsoleState
        {
            RebootCandidate = candidate,
            RebootCandidateAt = candidateAt,
            Boot = boot,
            SeenThisBoot = (flags & 1) != 0,
            LegacyContinuation = (flags & 2) != 0,
            Anchored = (flags & 4) != 0,
            PlainPending = pending,
            PlainLastAt = plainLastAt,
            NextSeq = nextSeq,
            ReleasedMask = mask,
            Release = NullIfEmpty(release),
            HighestMsgId = highestMsgId,
            Waiting = waiting,
            Held = held,
            Fragments = fragments,
            Counters = counters,
        };
    }

    /// <summary>The serialized form, e.g. for a snapshot or a size check.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteTo(writer);
        }

        return stream.ToArray();
    }

    public static NetconsoleState FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray());
        using var reader = new BinaryReader(stream);
        return ReadFrom(reader);
    }

    private static void WriteRecords(BinaryWriter writer, ExtendedRecord[] records)
    {
        writer.Write7BitEncodedInt(records.Length);
        foreach (var r in records)
        {
            writer.Write7BitEncodedInt64(r.Seq);
            writer.Write7BitEncodedInt(r.Priority);
            writer.Write7BitEncodedInt64(r.Usec);
            writer.Write(r.Caller ?? string.Empty);
            writer.Write(r.Flag);
            writer.Write(r.Text);
            writer.Write7BitEncodedInt((int)r.Flags);
            WriteTime(writer, r.ReceivedAt);
        }
    }

    private static ExtendedRecord[] ReadRecords(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        if (count == 0)
        {
            return NoRecords;
        }

        if (count < 0 || count > 1 << 16)
        {
            throw new InvalidDataException("Bad record count in netconsole state.");
        }

        var records = new ExtendedRecord[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = new ExtendedRecord(
                reader.Read7BitEncodedInt64(),
                reader.Read7BitEncodedInt(),
                reader.Read7BitEncodedInt64(),
                NullIfEmpty(reader.ReadString()),
                reader.ReadByte(),
                reader.ReadString(),
                (LineFlags)reader.Read7BitEncodedInt(),
                ReadTime(reader));
        }

        return records;
    }

    private static void WriteTime(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.UtcTicks);
        writer.Write((short)time.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
