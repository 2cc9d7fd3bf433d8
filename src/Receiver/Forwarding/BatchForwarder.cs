using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using KrgLogs.Receiver.Protocol;

namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// Sends each node's batches to its NodeLog entity through the shard region (or proxy) and keeps them until the
/// entity acks them after persisting. At-least-once; the entity drops what it already has.
/// </summary>
public sealed class BatchForwarder : ReceiveActor, IWithTimers
{
    private const int NodesNamedAtStop = 20;
    private readonly IActorRef _region;
    private readonly ReceiverOptions _options;
    private readonly OutboxGate _gate;
    private readonly ReceiverCounters _counters;
    private readonly string _sender;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, NodeOutbox> _outboxes = [];
    private readonly List<NodeBatch> _toSend = [];
    private readonly ResendNotice _resends = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public BatchForwarder(IActorRef region, ReceiverOptions options, OutboxGate gate, ReceiverCounters counters, string sender, TimeProvider time)
    {
        _region = region;
        _options = options;
        _gate = gate;
        _counters = counters;
        _sender = sender;
        _time = time;

        Receive<ForwardBatch>(OnForward);
        Receive<BatchPersisted>(OnAck);
        Receive<ResendTick>(_ => OnResendTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, _options.ResendAfter.Ticks / 3));
        Timers.StartPeriodicTimer("resend", ResendTick.Instance, every);
        _log.Info("Forwarding batches to {0} as sender {1}", _region.Path, _sender);
    }

    protected override void PostStop()
    {
        // A clean stop gives up what is not persisted yet: count it, per node, so the loss is visible; one warning
        // names the nodes that lost most (a site of 1,000 nodes would otherwise log 1,000 lines on the way out).
        var held = _outboxes.Values.Where(o => o.Count > 0).Select(o => (o.Node, o.Count, Held: o.Held())).ToList();
        foreach (var (node, _, (datagrams, bytes)) in held)
        {
            _counters.Dropped(node, DropReason.UnackedAtStop, datagrams, bytes);
        }

        if (held.Count > 0)
        {
            var named = held.OrderByDescending(h => h.Held.Datagrams).Take(NodesNamedAtStop).Select(h => $"{h.Node}: {h.Held.Datagrams}");
            _log.Warning(
                "Stopping with {0} unacknowledged batches of {1} nodes ({2} datagrams): dropped ({3}); datagrams per node: {4}{5}",
                held.Sum(h => h.Count),
                held.Count,
                held.Sum(h => h.Held.Datagrams),
                DropReason.UnackedAtStop,
                string.Join(", ", named),
                held.Count > NodesNamedAtStop ? $" and {held.Count - NodesNamedAtStop} more" : string.Empty);
        }
    }

    private void OnForward(ForwardBatch forward)
    {
        if (!_outboxes.TryGetValue(forward.Node, out var outbox))
        {
            outbox = new NodeOutbox(forward.Node, _sender, _options.InFlightBatchesPerNode, _options.ResendAfter, _options.MaxBatchDatagrams, _options.MaxBatchBytes);
            _outboxes[forward.Node] = outbox;
        }

        if (outbox.Enqueue(forward.Batch, _time.GetUtcNow()) is { } batch)
        {
            Send(batch, resend: false);
        }
    }

    private void OnAck(BatchPersisted ack)
    {
        if (ack.Sender != _sender || !_outboxes.TryGetValue(ack.Node, out var outbox))
        {
            return; // an ack for an earlier incarnation of this receiver
        }

        var before = outbox.Acked;
        _toSend.Clear();
        var freed = outbox.Ack(ack.UpTo, _time.GetUtcNow(), _toSend);
        if (freed > 0)
        {
            _gate.Remove(freed);
            _counters.Acked((int)(outbox.Acked - before));
        }

        foreach (var batch in _toSend)
        {
            Send(batch, resend: false);
        }
    }

    private void OnResendTick()
    {
        var now = _time.GetUtcNow();
        foreach (var outbox in _outboxes.Values)
        {
            _toSend.Clear();
            outbox.CollectResends(now, _toSend);
            if (_toSend.Count > 0)
            {
                _resends.Add(outbox.Node, _toSend.Count, _toSend[0].Seq);
            }

            foreach (var batch in _toSend)
            {
                Send(batch, resend: true);
            }
        }

        if (_resends.Take(_options.ResendAfter) is { } warning)
        {
            _log.Warning("{0}", warning);
        }
    }

    private void Send(NodeBatch batch, bool resend)
    {
        _region.Tell(batch, Self);
        _counters.Sent(resend);
    }

    public static Props Props(IActorRef region, ReceiverOptions options, OutboxGate gate, ReceiverCounters counters, string sender, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new BatchForwarder(region, options, gate, counters, sender, time));

    private sealed class ResendTick
    {
        public static readonly ResendTick Instance = new();
    }
}

/// <summary>A node's datagrams, handed from a socket loop to the forwarder (in-process only).</summary>
public sealed record ForwardBatch(string Node, DatagramBatch Batch) : INoSerializationVerificationNeeded;
