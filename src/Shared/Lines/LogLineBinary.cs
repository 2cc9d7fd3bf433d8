namespace KrgLogs.Shared.Lines;

/// <summary>
/// The persisted binary form of a <see cref="LogLine"/>. A contract: events written today must load after any
/// change, so fields are only ever added behind a new presence bit, never reordered.
/// </summary>
public static class LogLineBinary
{
    [Flags]
    private enum Present : ushort
    {
        None = 0,
        Level = 1 << 0,
        Facility = 1 << 1,
        KernelTime = 1 << 2,
        Seq = 1 << 3,
        Caller = 1 << 4,
        Boot = 1 << 5,
        Host = 1 << 6,
        App = 1 << 7,
        ProcId = 1 << 8,
        Flags = 1 << 9,
    }

    public static void Write(BinaryWriter writer, in LogLine line)
    {
        var present = Present.None;
        if (line.Level >= 0) present |= Present.Level;
        if (line.Facility >= 0) present |= Present.Facility;
        if (line.KernelTimeUs >= 0) present |= Present.KernelTime;
        if (line.Seq >= 0) present |= Present.Seq;
        if (line.Caller is not null) present |= Present.Caller;
        if (line.Boot != 0) present |= Present.Boot;
        if (line.Host is not null) present |= Present.Host;
        if (line.App is not null) present |= Present.App;
        if (line.ProcId is not null) present |= Present.ProcId;
        if (line.Flags != LineFlags.None) present |= Present.Flags;

        writer.Write((ushort)present);
        writer.Write(line.Text);
        writer.Write(line.ReceivedAt.UtcTicks);
        writer.Write((byte)line.Stream);
        if ((present & Present.Level) != 0) writer.Write((byte)line.Level);
        if ((present & Present.Facility) != 0) writer.Write((byte)line.Facility);
        if ((present & Present.KernelTime) != 0) writer.Write7BitEncodedInt64(line.KernelTimeUs);
        if ((present & Present.Seq) != 0) writer.Write7BitEncodedInt64(line.Seq);
        if ((present & Present.Caller) != 0) writer.Write(line.Caller!);
        if ((present & Present.Boot) != 0) writer.Write7BitEncodedInt(line.Boot);
        if ((present & Present.Host) != 0) writer.Write(line.Host!);
        if ((present & Present.App) != 0) writer.Write(line.App!);
        if ((present & Present.ProcId) != 0) writer.Write(line.ProcId!);
        if ((present & Present.Flags) != 0) writer.Write((ushort)line.Flags);
    }

    public static LogLine Read(BinaryReader reader)
    {
        var present = (Present)reader.ReadUInt16();
        var text = reader.ReadString();
        var receivedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var stream = (LogStream)reader.ReadByte();
        return new LogLine(
            text,
            receivedAt,
            stream,
            Level: (present & Present.Level) != 0 ? reader.ReadByte() : -1,
            Facility: (present & Present.Facility) != 0 ? reader.ReadByte() : -1,
            KernelTimeUs: (present & Present.KernelTime) != 0 ? reader.Read7BitEncodedInt64() : -1,
            Seq: (present & Present.Seq) != 0 ? reader.Read7BitEncodedInt64() : -1,
            Caller: (present & Present.Caller) != 0 ? reader.ReadString() : null,
            Boot: (present & Present.Boot) != 0 ? reader.Read7BitEncodedInt() : 0,
            Host: (present & Present.Host) != 0 ? reader.ReadString() : null,
            App: (present & Present.App) != 0 ? reader.ReadString() : null,
            ProcId: (present & Present.ProcId) != 0 ? reader.ReadString() : null,
            Flags: (present & Present.Flags) != 0 ? (LineFlags)reader.ReadUInt16() : LineFlags.None);
    }
}
