using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Journal;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// One node's log: a sharded, persistent entity. It decodes the node's batches into lines, runs the crash
/// detector over its kernel lines, persists both in batched events (group commit: whatever arrives during a
/// write goes into the next one), acks the receivers after persisting, publishes crashes, and answers queries
/// from memory.
/// </summary>
public sealed class NodeLog : ReceivePersistentActor, IWithTimers
{
    private readonly string _node;
    private readonly NodeLogOptions _options;
    private readonly TimeProvider _time;
    private readonly IActorRef _crashPublisher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeLogState _state;
    private NodeStream _stream;
    private CrashDetector _crashes;

    // Accepted but not yet persisted: the next write.
    private readonly List<LogLine> _pendingLines = [];
    private readonly List<CrashReport> _pendingCrashes = [];
    private readonly List<CrashOpened> _opened = [];
    private readonly Dictionary<string, (long UpTo, IActorRef ReplyTo)> _pendingDeliveries = [];
    private readonly Dictionary<string, long> _accepted = [];
    private bool _writing;
    private long _oldestPendingBatchAt; // Stopwatch timestamp of the oldest batch not yet in a write; 0: none
    private long _eventsSinceSnapshot;
    private long _lastWriteAt; // Stopwatch timestamp of the last write's start

    public NodeLog(string node, NodeLogOptions options, TimeProvider time, IActorRef crashPublisher)
    {
        _node = node;
        _options = options;
        _time = time;
        _crashPublisher = crashPublisher;
        _state = new NodeLogState(options.TailLines);
        _stream = new NodeStream(options.Stream);
        _crashes = new CrashDetector(options.Crashes);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is NodeLogSnapshot snapshot)
            {
                _state.Apply(snapshot);
            }
        });
        Recover<LinesAppended>(_state.Apply);
        Recover<CrashDetected>(crash =>
        {
            _state.Apply(crash);
            _state.Retention.Crash(LastSequenceNr, crash.Report.LastAt);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _stream = new NodeStream(_options.Stream, _state.Decoder);
            _crashes = new CrashDetector(_options.Crashes, _state.Crashes);
            foreach (var (sender, upTo) in _state.Delivered)
            {
                _accepted[sender] = upTo;
            }

            TickWhilePending();
        });

        Command<NodeBatch>(OnBatch);
        Command<GetNodeStatus>(_ => Sender.Tell(Status()));
        // Events are applied in sequence order as their writes complete, so the tail holds every line up to LastSequenceNr.
        Command<GetTail>(q => Sender.Tell(new NodeTail(_node, !_state.IsEmpty, _state.Tail.Last(q.Count), _state.LineCount, LastSequenceNr)));
        Command<DecodeTick>(_ => OnTick());
        Command<WriteTick>(_ => WriteIfIdle());
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            ApplyRetention(s.Metadata.SequenceNr);
        });
        Command<DeleteMessagesSuccess>(OnDeleted);
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Retention: deleting events of node {0} up to {1} failed; next snapshot tries again", _node, f.ToSequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of node {0} failed", _node));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of node {0} failed", _node));
    }

    public override string PersistenceId => PersistenceIdOf(_node);

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The journal tag of every <see cref="LinesAppended"/>: read-side projections (files, search) follow it.</summary>
    public const string LinesTag = "lines";

    public static string PersistenceIdOf(string node) => "node-" + node;

    public static Props Props(string node, NodeLogOptions options, TimeProvider time, IActorRef crashPublisher) =>
        Akka.Actor.Props.Create(() => new NodeLog(node, options, time, crashPublisher));

    private NodeStatus Status() => new(_node, !_state.IsEmpty, _state.LastSeen, _state.LineCount, _state.CrashCount, _stream.Counters());

    private void OnBatch(NodeBatch batch)
    {
        var persisted = _state.DeliveredUpTo(batch.Sender);
        var accepted = _accepted.GetValueOrDefault(batch.Sender);
        if (batch.Seq <= persisted)
        {
            Sender.Tell(new BatchPersisted(_node, batch.Sender, persisted)); // a resend of what we already have
            return;
        }

        if (batch.Seq <= accepted)
        {
            return; // already in the write in flight; its ack follows
        }

        if (batch.Seq != accepted + 1)
        {
            // An earlier batch went missing (hand-off, lost message): wait for the sender to go back to it.
            _log.Debug("Node {0}: batch {1} from {2} out of order (have {3}), waiting for resend", _node, batch.Seq, batch.Sender, accepted);
            return;
        }

        var datagrams = batch.Datagrams;
        var before = _pendingLines.Count;
        for (var i = 0; i < datagrams.Count; i++)
        {
            _stream.Accept(datagrams.Payload(i), datagrams.ReceivedAt(i), datagrams.Transports[i], _pendingLines);
        }

        DetectCrashes(before);

        if (_oldestPendingBatchAt == 0)
        {
            _oldestPendingBatchAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        _accepted[batch.Sender] = batch.Seq;
        _pendingDeliveries[batch.Sender] = (batch.Seq, Sender);
        WriteIfIdle();
        TickWhilePending();
    }

    private void OnTick()
    {
        var now = _time.GetUtcNow();
        var before = _pendingLines.Count;
        var crashesBefore = _pendingCrashes.Count;
        _stream.Tick(now, _pendingLines);
        DetectCrashes(before);
        _crashes.Tick(now, _pendingCrashes); // the node went quiet mid-report: it died
        if (_pendingLines.Count > before || _pendingCrashes.Count > crashesBefore)
        {
            WriteIfIdle();
        }

        TickWhilePending();
    }

    // Time only matters while the decoder holds something back; an idle entity has no timer and can passivate.
    private void TickWhilePending()
    {
        if ((_stream.HasPending || _crashes.OpenReports > 0) && !Timers.IsTimerActive("decode-tick"))
        {
            Timers.StartSingleTimer("decode-tick", DecodeTick.Instance, _options.TickInterval);
        }
    }

    /// <summary>Runs the detector over the kernel lines decoded since <paramref name="from"/>.</summary>
    private void DetectCrashes(int from)
    {
        _opened.Clear();
        for (var i = from; i < _pendingLines.Count; i++)
        {
            if (_pendingLines[i].Stream == LogStream.Kernel)
            {
                _crashes.Feed(_pendingLines[i], _pendingCrashes, _opened);
            }
        }

        foreach (var opened in _opened)
        {
            _crashPublisher.Tell(new CrashStarted(_node, opened.Kind, opened.HeaderLine, opened.At, opened.Boot));
        }
    }

    private void WriteIfIdle()
    {
        if (_writing || (_pendingLines.Count == 0 && _pendingDeliveries.Count == 0 && _pendingCrashes.Count == 0))
        {
            return;
        }

        if (_pendingCrashes.Count == 0 && _pendingLines.Count < _options.WriteEarlyAtLines)
        {
            var since = System.Diagnostics.Stopwatch.GetElapsedTime(_lastWriteAt);
            if (since < _options.WriteInterval)
            {
                if (!Timers.IsTimerActive("write"))
                {
                    Timers.StartSingleTimer("write", WriteTick.Instance, _options.WriteInterval - since);
                }

                return; // a busy node: gather until the interval is up
            }
        }

        _lastWriteAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var replies = _pendingDeliveries.Select(d => (d.Key, d.Value.UpTo, d.Value.ReplyTo)).ToList();
        var appended = new LinesAppended(
            [.. _pendingLines],
            _stream.State,
            [.. replies.Select(r => new Delivery(r.Key, r.UpTo))],
            _crashes.State);
        var crashes = _pendingCrashes.Select(r => new CrashDetected(CrashDetected.IdFor(_node, r), _node, r)).ToList();
        _pendingLines.Clear();
        _pendingDeliveries.Clear();
        _pendingCrashes.Clear();
        _writing = true;
        var batchArrivedAt = _oldestPendingBatchAt;
        _oldestPendingBatchAt = 0;

        var outstanding = 1 + crashes.Count;
        void Persisted()
        {
            if (--outstanding > 0)
            {
                return;
            }

            foreach (var (sender, upTo, replyTo) in replies)
            {
                replyTo.Tell(new BatchPersisted(_node, sender, upTo));
            }

            if (batchArrivedAt != 0)
            {
                Metrics.PersistLatency.ObserveSince(batchArrivedAt);
            }

            if (++_eventsSinceSnapshot >= _options.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                _state.Retention.Mark(LastSequenceNr, _state.LastSeen, _state.LineCount);
                SaveSnapshot(_state.ToSnapshot());
            }

            _writing = false;
            WriteIfIdle();
        }

        PersistAsync(new Tagged(appended, [LinesTag]), _ =>
        {
            _state.Apply(appended);
            Persisted();
        });
        if (crashes.Count == 0)
        {
            return;
        }

        PersistAllAsync(crashes.Select(c => new Tagged(c, [CrashTopic.Tag])), tagged =>
        {
            var crash = (CrashDetected)tagged.Payload;
            _state.Apply(crash);
            _state.Retention.Crash(LastSequenceNr, crash.Report.LastAt);
            _crashPublisher.Tell(crash); // only here, never on recovery: an old crash is not news
            _log.Warning("Node {0} crashed: {1}", _node, crash.Report.Title);
            Persisted();
        });
    }

    /// <summary>Retention: after a snapshot, delete the events it covers that are older or beyond the size kept.</summary>
    private void ApplyRetention(long snapshotSeq)
    {
        var horizon = _state.Retention.Horizon(_time.GetUtcNow(), _state.LineCount, snapshotSeq, _options);
        if (horizon > 0)
        {
            DeleteMessages(horizon);
        }
    }

    private void OnDeleted(DeleteMessagesSuccess deleted)
    {
        var newestDeleted = _state.Retention.Marks.Where(m => m.UpToSeq <= deleted.ToSequenceNr).Select(m => m.Newest).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        _state.Retention.Deleted(deleted.ToSequenceNr);
        _log.Info("Retention: deleted events of node {0} up to {1}", _node, deleted.ToSequenceNr);
        Context.System.EventStream.Publish(new NodeLogTrimmed(_node, PersistenceId, deleted.ToSequenceNr, newestDeleted));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "Recovering node {0} failed (database down?); retrying with back-off", _node);
        Metrics.JournalFailures.RecoveryFailed();
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The entity stops and its back-off supervisor (NodeLogBackoff) starts it again after a pause; unacked
        // batches come back from the receivers' outboxes once it is up.
        _log.Error(cause, "Persisting {0} lines of node {1} failed (disk full? database down?); retrying with back-off, the receivers will resend", (@event as LinesAppended)?.Lines.Count, _node);
        Metrics.JournalFailures.PersistFailed();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private sealed class DecodeTick
    {
        public static readonly DecodeTick Instance = new();
    }

    private sealed class WriteTick
    {
        public static readonly WriteTick Instance = new();
    }
}

public static class NodeLogHosting
{
    /// <summary>Hosts the NodeLog shard region on members with the aggregator role.</summary>
    public static AkkaConfigurationBuilder AddNodeLogSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("krglogs-nodelog", [typeof(INodeLogMessage)], system => new NodeLogSerializer(system));

    public static AkkaConfigurationBuilder AddNodeLogRegion(this AkkaConfigurationBuilder builder, NodeLogOptions options, TimeProvider time, string role) =>
        builder
            .AddNodeLogSerializer()
            .AddTrimPublisherActor()
            .WithShardRegion<NodeLogRegion>(
                NodeLogRegion.TypeName,
                (_, registry) => node => NodeLogBackoff.Props(NodeLog.Props(node, options, time, registry.Get<CrashPublisher>()), options),
                new NodeMessageExtractor(),
                new ShardOptions
                {
                    Role = role,
                    RememberEntities = false,
                    StateStoreMode = StateStoreMode.DData,
                    ShouldPassivateIdleEntities = true,
                    PassivateIdleEntityAfter = TimeSpan.FromMinutes(10),
                });
}
