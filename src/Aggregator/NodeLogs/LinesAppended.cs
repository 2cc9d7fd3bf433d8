using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// The event: lines completed by one or more receiver batches, the decoder's and the crash detector's pending
/// state after them (so a partial line or an open crash report survives a crash or hand-off), and which batches
/// it covers (so a resent batch is dropped).
/// </summary>
public sealed record LinesAppended(
    IReadOnlyList<LogLine> Lines,
    NodeStreamState Decoder,
    IReadOnlyList<Delivery> Deliveries,
    CrashDetectorState Crashes) : INodeLogMessage;
