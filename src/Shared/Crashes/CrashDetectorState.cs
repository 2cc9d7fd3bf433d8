using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Everything a <see cref="CrashDetector"/> holds between lines: open reports, the few recent lines a header may
/// claim as its prologue, the line counter, boot epoch and last sequence number. Snapshot it, persist it with
/// <see cref="WriteTo"/>, and resume with <c>new CrashDetector(options, state)</c>.
/// </summary>
public sealed class CrashDetectorState
{
    private const byte Version = 1;

    internal int NextIndex { get; set; }

    internal int? Boot { get; set; }

    internal long LastSeq { get; set; } = -1;

    internal List<(LogLine Line, int Index)> Recent { get; } = [];

    internal List<PendingReport> Reports { get; } = [];

    /// <summary>Reports still open (a crash in progress).</summary>
    public int OpenReports => Reports.Count;

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Version);
        writer.Write(NextIndex);
        writer.Write(Boot.HasValue);
        writer.Write(Boot ?? 0);
        writer.Write(LastSeq);
        writer.Write(Recent.Count);
        foreach (var (line, index) in Recent)
        {
            WriteLine(writer, line);
            writer.Write(index);
        }

        writer.Write(Reports.Count);
        foreach (var report in Reports)
        {
            report.WriteTo(writer);
        }
    }

    public static CrashDetectorState ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"Unknown crash detector state version {version}.");
        }

        var state = new CrashDetectorState { NextIndex = reader.ReadInt32() };
        var hasBoot = reader.ReadBoolean();
        var boot = reader.ReadInt32();
        state.Boot = hasBoot ? boot : null;
        state.LastSeq = reader.ReadInt64();
        var recent = reader.ReadInt32();
        for (var i = 0; i < recent; i++)
        {
            var line = ReadLine(reader);
            state.Recent.Add((line, reader.ReadInt32()));
        }

        var reports = reader.ReadInt32();
        for (var i = 0; i < reports; i++)
        {
            state.Reports.Add(PendingReport.ReadFrom(reader));
        }

        return state;
    }

    internal CrashDetectorState Clone()
    {
        var copy = new CrashDetectorState { NextIndex = NextIndex, Boot = Boot, LastSeq = LastSeq };
        copy.Recent.AddRange(Recent);
        foreach (var r in Reports)
        {
            copy.Reports.Add(r.Clone());
        }

        return copy;
    }

    private static void WriteLine(BinaryWriter w, LogLine line)
    {
        w.Write(line.Text);
        PendingReport.WriteTime(w, line.ReceivedAt);
        w.Write((byte)line.Stream);
        w.Write(line.Level);
        w.Write(line.Facility);
        w.Write(line.KernelTimeUs);
        w.Write(line.Seq);
        PendingReport.WriteNullable(w, line.Caller);
        w.Write(line.Boot);
        PendingReport.WriteNullable(w, line.Host);
        PendingReport.WriteNullable(w, line.App);
        PendingReport.WriteNullable(w, line.ProcId);
        w.Write((ushort)line.Flags);
    }

    private static LogLine ReadLine(BinaryReader r) => new(
        Text: r.ReadString(),
        ReceivedAt: PendingReport.ReadTime(r),
        Stream: (LogStream)r.ReadByte(),
        Level: r.ReadInt32(),
        Facility: r.ReadInt32(),
        KernelTimeUs: r.ReadInt64(),
        Seq: r.ReadInt64(),
        Caller: PendingReport.ReadNullable(r),
        Boot: r.ReadInt32(),
        Host: PendingReport.ReadNullable(r),
        App: PendingReport.ReadNullable(r),
        ProcId: PendingReport.ReadNullable(r),
        Flags: (LineFlags)r.ReadUInt16());
}
