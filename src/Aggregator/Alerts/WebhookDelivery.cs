using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Crashes;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// Delivers every crash of the journal to one webhook, in journal order, at least once. Its offset ("delivered up
/// to X") is persisted in the journal database after each 2xx, so it survives restarts and moves with the cluster
/// singleton; each webhook has its own actor and stream, so a slow one never holds up another.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed in PostStop, the end of an actor's life")]
public sealed class WebhookDelivery : ReceivePersistentActor
{
    private const int SnapshotEvery = 100;

    private readonly WebhookTarget _target;
    private readonly WebhookSender _sender;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private UniqueKillSwitch? _kill;
    private long _offset;

    public WebhookDelivery(WebhookTarget target, WebhookSender sender)
    {
        _target = target;
        _sender = sender;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is WebhookOffset snapshot)
            {
                _offset = snapshot.Offset;
            }
        });
        Recover<WebhookDelivered>(e => _offset = Math.Max(_offset, e.Offset));
        Recover<RecoveryCompleted>(_ => Start());

        Command<Delivered>(OnDelivered);
        Command<Status.Failure>(f => throw new InvalidOperationException($"webhook {_target.Label}: the crash stream failed", f.Cause));
        Command<Done>(_ => _log.Info("Webhook {0}: crash stream ended", _target.Label));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Webhook {0}: snapshot failed", _target.Label));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => _target.PersistenceId;

    public static Props Props(WebhookTarget target, WebhookSender sender) =>
        Akka.Actor.Props.Create(() => new WebhookDelivery(target, sender));

    private void Start()
    {
        _log.Info("Webhook {0}: delivering crashes after journal offset {1}", _target.Label, _offset);
        var self = Self;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (kill, done) = journal.EventsByTag(CrashTopic.Tag, Offset.Sequence(_offset))
            .Where(e => e.Event is CrashDetected && e.Offset is Sequence)
            // One at a time: the offset stored is always that of a delivered crash with all before it delivered.
            .SelectAsync(1, async e =>
            {
                await _sender.DeliverAsync(_target, (CrashDetected)e.Event, _stopping.Token);
                return ((Sequence)e.Offset).Value;
            })
            .SelectAsync(1, offset => self.Ask<Stored>(new Delivered(offset), TimeSpan.FromSeconds(30)))
            .ViaMaterialized(KillSwitches.Single<Stored>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<Stored>(), Keep.Both)
            .Run(Context.System.Materializer());
        _kill = kill;
        done.PipeTo(self, success: () => Done.Instance, failure: e => new Status.Failure(e));
    }

    private void OnDelivered(Delivered delivered)
    {
        var replyTo = Sender;
        Persist(new WebhookDelivered(delivered.Offset), e =>
        {
            _offset = e.Offset;
            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(new WebhookOffset(_offset));
            }

            replyTo.Tell(Stored.Instance);
        });
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _kill?.Shutdown();
        _stopping.Dispose();
        base.PostStop();
    }

    private sealed record Delivered(long Offset);

    private sealed class Stored
    {
        public static readonly Stored Instance = new();
    }
}
