namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// Which of a node's events may be deleted. Plain C#, kept in the snapshot: a mark at every snapshot (the sequence
/// number it covers, the newest line up to there, the line count there) and the sequence number of every crash
/// report, so that deleting old lines never deletes a crash report younger than its own, longer retention (the
/// deletion stops short of it; the lines around it stay as its context until it ages out).
/// </summary>
public sealed class RetentionIndex
{
    private readonly List<RetentionMark> _marks = [];
    private readonly List<(long Seq, DateTimeOffset At)> _crashes = [];

    public long DeletedUpTo { get; private set; }

    public IReadOnlyList<RetentionMark> Marks => _marks;

    public IReadOnlyList<(long Seq, DateTimeOffset At)> Crashes => _crashes;

    public void Mark(long seq, DateTimeOffset newest, long lineCount)
    {
        if (_marks.Count == 0 || _marks[^1].UpToSeq < seq)
        {
            _marks.Add(new RetentionMark(seq, newest, lineCount));
        }
    }

    public void Crash(long seq, DateTimeOffset at)
    {
        if (seq > DeletedUpTo && (_crashes.Count == 0 || _crashes[^1].Seq < seq))
        {
            _crashes.Add((seq, at));
        }
    }

    /// <summary>The highest sequence number that may be deleted now (0: nothing), never beyond <paramref name="snapshotSeq"/>.</summary>
    public long Horizon(DateTimeOffset now, long lineCount, long snapshotSeq, NodeLogOptions options)
    {
        var horizon = 0L;
        foreach (var mark in _marks)
        {
            var tooOld = options.RetainLinesFor is { } age && mark.Newest < now - age;
            var tooMany = options.RetainLines is { } keep && lineCount - mark.LineCount >= keep;
            if ((tooOld || tooMany) && mark.UpToSeq <= snapshotSeq)
            {
                horizon = mark.UpToSeq;
            }
        }

        foreach (var (seq, at) in _crashes)
        {
            var keepCrash = options.RetainCrashesFor is not { } crashAge || at >= now - crashAge;
            if (keepCrash && seq <= horizon)
            {
                horizon = seq - 1;
                break;
            }
        }

        return horizon > DeletedUpTo ? horizon : 0;
    }

    public void Deleted(long upTo)
    {
        DeletedUpTo = Math.Max(DeletedUpTo, upTo);
        _marks.RemoveAll(m => m.UpToSeq <= upTo);
        _crashes.RemoveAll(c => c.Seq <= upTo);
    }

    public void WriteTo(BinaryWriter w)
    {
        w.Write(DeletedUpTo);
        w.Write7BitEncodedInt(_marks.Count);
        foreach (var m in _marks)
        {
            w.Write(m.UpToSeq);
            w.Write(m.Newest.UtcTicks);
            w.Write(m.LineCount);
        }

        w.Write7BitEncodedInt(_crashes.Count);
        foreach (var (seq, at) in _crashes)
        {
            w.Write(seq);
            w.Write(at.UtcTicks);
        }
    }

    public static RetentionIndex ReadFrom(BinaryReader r)
    {
        var index = new RetentionIndex { DeletedUpTo = r.ReadInt64() };
        for (var i = r.Read7BitEncodedInt(); i > 0; i--)
        {
            index._marks.Add(new RetentionMark(r.ReadInt64(), new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero), r.ReadInt64()));
        }

        for (var i = r.Read7BitEncodedInt(); i > 0; i--)
        {
            index._crashes.Add((r.ReadInt64(), new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero)));
        }

        return index;
    }

    public void CopyFrom(RetentionIndex other)
    {
        DeletedUpTo = other.DeletedUpTo;
        _marks.Clear();
        _marks.AddRange(other._marks);
        _crashes.Clear();
        _crashes.AddRange(other._crashes);
    }
}

/// <summary>At a snapshot: events up to <paramref name="UpToSeq"/> hold lines no newer than <paramref name="Newest"/>,
/// and the node had <paramref name="LineCount"/> lines then.</summary>
public readonly record struct RetentionMark(long UpToSeq, DateTimeOffset Newest, long LineCount);
