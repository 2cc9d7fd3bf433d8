namespace KrgLogs.Shared.Crashes;

/// <summary>An open report: the lines gathered so far and what they told. Mutable, owned by the detector.</summary>
internal sealed class PendingReport
{
    public int Group { get; set; }

    /// <summary>The printk caller (<c>T123</c>/<c>C1</c>) of the header, or null when lines carry none.</summary>
    public string? Context { get; set; }

    /// <summary>Other callers whose lines belong here (a panic printed by another task).</summary>
    public List<string> Adopted { get; } = [];

    /// <summary>An all-CPU backtrace was requested: lines of every CPU context belong here.</summary>
    public bool CpuTraceback { get; set; }

    public List<string> Lines { get; } = [];

    /// <summary>Index in <see cref="Lines"/> of the header (lines before it are its <c>cut here</c> prologue).</summary>
    public int HeaderOffset { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    /// <summary>Time of the last line kept (ordinary lines trailing after the stack are not kept).</summary>
    public DateTimeOffset LastAt { get; set; }

    /// <summary>Time of the last line appended, kept or not: the quiet period counts from here.</summary>
    public DateTimeOffset ActiveAt { get; set; }

    public int FirstIndex { get; set; }

    public int LastIndex { get; set; }

    public long FirstSeq { get; set; } = -1;

    public int Boot { get; set; }

    public bool Panicked { get; set; }

    /// <summary><c>---[ end trace</c> was seen: only the register dump and panic lines that follow still belong.</summary>
    public bool Ended { get; set; }

    public bool SawStack { get; set; }

    /// <summary>Lines are missing: a sequence gap, dropped printk messages, an incomplete or truncated record.</summary>
    public bool Damaged { get; set; }

    /// <summary>Consecutive ordinary lines at the end, after the stack: dropped if the report closes on them.</summary>
    public int Trailing { get; set; }

    public int Chars { get; set; }

    public string? KernelVersion { get; set; }

    public void WriteTo(BinaryWriter w)
    {
        w.Write(Group);
        WriteNullable(w, Context);
        w.Write(Adopted.Count);
        foreach (var a in Adopted)
        {
            w.Write(a);
        }

        w.Write(CpuTraceback);
        w.Write(Lines.Count);
        foreach (var l in Lines)
        {
            w.Write(l);
        }

        w.Write(HeaderOffset);
        WriteTime(w, FirstAt);
        WriteTime(w, LastAt);
        WriteTime(w, ActiveAt);
        w.Write(FirstIndex);
        w.Write(LastIndex);
        w.Write(FirstSeq);
        w.Write(Boot);
        w.Write(Panicked);
        w.Write(Ended);
        w.Write(SawStack);
        w.Write(Damaged);
        w.Write(Trailing);
        w.Write(Chars);
        WriteNullable(w, KernelVersion);
    }

    public static PendingReport ReadFrom(BinaryReader r)
    {
        var p = new PendingReport { Group = r.ReadInt32(), Context = ReadNullable(r) };
        var adopted = r.ReadInt32();
        for (var i = 0; i < adopted; i++)
        {
            p.Adopted.Add(r.ReadString());
        }

        p.CpuTraceback = r.ReadBoolean();
        var lines = r.ReadInt32();
        for (var i = 0; i < lines; i++)
        {
            p.Lines.Add(r.ReadString());
        }

        p.HeaderOffset = r.ReadInt32();
        p.FirstAt = ReadTime(r);
        p.LastAt = ReadTime(r);
        p.ActiveAt = ReadTime(r);
        p.FirstIndex = r.ReadInt32();
        p.LastIndex = r.ReadInt32();
        p.FirstSeq = r.ReadInt64();
        p.Boot = r.ReadInt32();
        p.Panicked = r.ReadBoolean();
        p.Ended = r.ReadBoolean();
        p.SawStack = r.ReadBoolean();
        p.Damaged = r.ReadBoolean();
        p.Trailing = r.ReadInt32();
        p.Chars = r.ReadInt32();
        p.KernelVersion = ReadNullable(r);
        return p;
    }

    public PendingReport Clone()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteTo(w);
        }

        ms.Position = 0;
        using var r = new BinaryReader(ms);
        return ReadFrom(r);
    }

    internal static void WriteNullable(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null)
        {
            w.Write(s);
        }
    }

    internal static string? ReadNullable(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    internal static void WriteTime(BinaryWriter w, DateTimeOffset t)
    {
        w.Write(t.UtcTicks);
        w.Write((short)t.Offset.TotalMinutes);
    }

    internal static DateTimeOffset ReadTime(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }
}
