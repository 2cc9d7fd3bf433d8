using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>Asks a node's entity how it is.</summary>
public sealed record GetNodeStatus(string Node) : INodeMessage, INodeLogMessage;

/// <summary><paramref name="Exists"/> is false for a node that never sent anything. <paramref name="Counters"/>:
/// what its input looked like (malformed by reason, duplicates, reboots…).</summary>
public sealed record NodeStatus(
    string Node,
    bool Exists,
    DateTimeOffset LastSeen,
    long LineCount,
    long CrashCount,
    IReadOnlyDictionary<string, long> Counters) : INodeLogMessage;

/// <summary>Asks for a node's last <paramref name="Count"/> lines.</summary>
public sealed record GetTail(string Node, int Count) : INodeMessage, INodeLogMessage;

/// <summary>Lines oldest first; <paramref name="LineCount"/> is the node's total, so a follower knows what is new.
/// <paramref name="UpToSeq"/>: the journal sequence number the lines reach (every event up to it is in them, none
/// after), so a follower of the journal can start exactly after them; 0 from an entity that does not say.</summary>
public sealed record NodeTail(string Node, bool Exists, IReadOnlyList<LogLine> Lines, long LineCount, long UpToSeq = 0) : INodeLogMessage;
