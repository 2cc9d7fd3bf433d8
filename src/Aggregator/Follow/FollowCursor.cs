using System.Globalization;

namespace KrgLogs.Aggregator.Follow;

/// <summary>
/// Where a follower of <c>/api/nodes/{node}/follow</c> is: the SSE <c>id</c> of each line, sent back as
/// <c>Last-Event-ID</c> (or <c>?after=</c>) on reconnect to resume without gap or repeat. <c>S.I</c>: line I (from
/// 0) of the node's event S was the last one delivered; <c>S</c>: everything up to event S was (the id of the
/// <c>live</c> marker, before any line).
/// </summary>
public readonly record struct FollowCursor(long Seq, int Index)
{
    /// <summary>The index meaning "the whole event".</summary>
    public const int WholeEvent = int.MaxValue;

    /// <summary>The first event to read from the journal.</summary>
    public long FromSeq => Index == WholeEvent ? Seq + 1 : Seq;

    /// <summary>Whether line <paramref name="index"/> of event <paramref name="seq"/> is still to be delivered.</summary>
    public bool IsBefore(long seq, int index) => seq > Seq || (seq == Seq && index > Index);

    public static FollowCursor AfterEvent(long seq) => new(seq, WholeEvent);

    public override string ToString() => Index == WholeEvent
        ? Seq.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Seq}.{Index}");

    public static bool TryParse(string? text, out FollowCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var seqText = dot < 0 ? text : text[..dot];
        if (!long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        if (dot < 0)
        {
            cursor = AfterEvent(seq);
            return true;
        }

        if (!int.TryParse(text[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index == WholeEvent)
        {
            return false;
        }

        cursor = new FollowCursor(seq, index);
        return true;
    }
}
