using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using KrgLogs.Receiver;
using Akka.Event;
using Akka.Persistence;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.NodeLogs;

/// <summary>
/// One node's log: a sharded, persistent entity. It decodes the node's batches into lines, persists them in
/// batched events (group commit: whatever arrives during a write goes into the next one), acks the receivers
/// after persisting, and answers queries from memory.
/// </summary>
public sealed class NodeLog : ReceivePersistentActor, IWithTimers
{
    private readonly string _node;
    private readonly NodeLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeLogState _state;
    private NodeStream _stream;

    // Accepted but not yet persisted: the next write.
    private readonly List<LogLine> _pendingLines = [];
    private readonly Dictionary<string, (long UpTo, IActorRef ReplyTo)> _pendingDeliveries = [];
    private readonly Dictionary<string, long> _accepted = [];
    private bool _writing;
    private long _eventsSinceSnapshot;

    public NodeLog(string node, NodeLogOptions options, TimeProvider time)
    {
        _node = node;
        _options = options;
        _time = time;
        _state = new NodeLogState(options.TailLines);
        _stream = new NodeStream(options.Stream);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is NodeLogSnapshot snapshot)
            {
                _state.Apply(snapshot);
            }
        });
        Recover<LinesAppended>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _stream = new NodeStream(_options.Stream, _state.Decoder);
            foreach (var (sender, upTo) in _state.Delivered)
            {
                _accepted[sender] = upTo;
            }

            TickWhilePending();
        });

        Command<NodeBatch>(OnBatch);
        Command<GetNodeStatus>(_ => Sender.Tell(Status()));
        Command<GetTail>(q => Sender.Tell(new NodeTail(_node, !_state.IsEmpty, _state.Tail.Last(q.Count), _state.LineCount)));
        Command<DecodeTick>(_ => OnTick());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of node {0} failed", _node));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of node {0} failed", _node));
    }

    public override string PersistenceId => PersistenceIdOf(_node);

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdOf(string node) => "node-" + node;

    public static Props Props(string node, NodeLogOptions options, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new NodeLog(node, options, time));

    private NodeStatus Status() => new(_node, !_state.IsEmpty, _state.LastSeen, _state.LineCount);

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
        for (var i = 0; i < datagrams.Count; i++)
        {
            _stream.Accept(datagrams.Payload(i), datagrams.ReceivedAt(i), datagrams.Transports[i], _pendingLines);
        }

        _accepted[batch.Sender] = batch.Seq;
        _pendingDeliveries[batch.Sender] = (batch.Seq, Sender);
        WriteIfIdle();
        TickWhilePending();
    }

    private void OnTick()
    {
        var before = _pendingLines.Count;
        _stream.Tick(_time.GetUtcNow(), _pendingLines);
        if (_pendingLines.Count > before)
        {
            WriteIfIdle();
        }

        TickWhilePending();
    }

    // Time only matters while the decoder holds something back; an idle entity has no timer and can passivate.
    private void TickWhilePending()
    {
        if (_stream.HasPending && !Timers.IsTimerActive("decode-tick"))
        {
            Timers.StartSingleTimer("decode-tick", DecodeTick.Instance, _options.TickInterval);
        }
    }

    private void WriteIfIdle()
    {
        if (_writing || (_pendingLines.Count == 0 && _pendingDeliveries.Count == 0))
        {
            return;
        }

        var replies = _pendingDeliveries.Select(d => (d.Key, d.Value.UpTo, d.Value.ReplyTo)).ToList();
        var evt = new LinesAppended(
            [.. _pendingLines],
            _stream.State,
            [.. replies.Select(r => new Delivery(r.Key, r.UpTo))]);
        _pendingLines.Clear();
        _pendingDeliveries.Clear();
        _writing = true;

        PersistAsync(evt, persisted =>
        {
            _state.Apply(persisted);
            foreach (var (sender, upTo, replyTo) in replies)
            {
                replyTo.Tell(new BatchPersisted(_node, sender, upTo));
            }

            if (++_eventsSinceSnapshot >= _options.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }

            _writing = false;
            WriteIfIdle();
        });
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The entity stops; unacked batches come back from the receivers' outboxes once it restarts.
        _log.Error(cause, "Persisting {0} lines of node {1} failed; the receivers will resend", (@event as LinesAppended)?.Lines.Count, _node);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private sealed class DecodeTick
    {
        public static readonly DecodeTick Instance = new();
    }
}

public static class NodeLogHosting
{
    /// <summary>Hosts the NodeLog shard region on members with the aggregator role.</summary>
    public static AkkaConfigurationBuilder AddNodeLogRegion(this AkkaConfigurationBuilder builder, NodeLogOptions options, TimeProvider time, string role) =>
        builder
            .WithCustomSerializer("krglogs-nodelog", [typeof(INodeLogMessage)], system => new NodeLogSerializer(system))
            .WithShardRegion<NodeLogRegion>(
                NodeLogRegion.TypeName,
                node => NodeLog.Props(node, options, time),
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
