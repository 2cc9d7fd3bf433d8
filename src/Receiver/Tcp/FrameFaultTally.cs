using KrgLogs.Shared.Syslog;

namespace KrgLogs.Receiver.Tcp;

/// <summary>
/// Moves one connection's framer counters into the receiver's per-node fault counters as they grow. The framer
/// counts discarded bytes in one sum; they are put on the fault that caused them (the newest on this connection,
/// since the skipping of an oversized frame's tail or of a resync runs on over later reads). One per connection.
/// </summary>
internal sealed class FrameFaultTally(SyslogFraming framing, string node, TcpCounters counters)
{
    private long _oversized;
    private long _garbage;
    private long _incomplete;
    private long _discarded;
    private string _latest = TcpFrameFault.Oversized;

    /// <summary>Faults counted on this connection so far.</summary>
    public long Faults => _oversized + _garbage + _incomplete;

    /// <summary>Bytes thrown away on this connection so far.</summary>
    public long DiscardedBytes => _discarded;

    /// <summary>Counts what the framer did since the last call; true when this call saw the connection's first fault.</summary>
    public bool Update()
    {
        var before = Faults;
        var oversized = framing.OversizedFrames - _oversized;
        var garbage = framing.GarbageLengths - _garbage;
        var incomplete = framing.IncompleteFrames - _incomplete;
        var discarded = framing.DiscardedBytes - _discarded;
        if (oversized + garbage + incomplete + discarded == 0)
        {
            return false;
        }

        _latest = garbage > 0 ? TcpFrameFault.GarbageLength : oversized > 0 ? TcpFrameFault.Oversized : _latest;
        counters.Fault(node, TcpFrameFault.Oversized, oversized, _latest == TcpFrameFault.Oversized ? discarded : 0);
        counters.Fault(node, TcpFrameFault.GarbageLength, garbage, _latest == TcpFrameFault.GarbageLength ? discarded : 0);
        counters.Fault(node, TcpFrameFault.Incomplete, incomplete, 0);
        _oversized = framing.OversizedFrames;
        _garbage = framing.GarbageLengths;
        _incomplete = framing.IncompleteFrames;
        _discarded = framing.DiscardedBytes;
        return before == 0 && Faults > 0;
    }
}
