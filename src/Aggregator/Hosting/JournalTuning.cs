using System.Globalization;
using Akka.Event;
using Akka.Hosting;
using KrgLogs.Receiver.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// How the journal writes (configuration section <c>Journal</c>, e.g. <c>KRGLOGS_JOURNAL__BATCH_SIZE=500</c>).
/// Akka.Persistence.Sql queues every entity's writes and commits them in batches; these set how many per
/// transaction and how many transactions at once.
/// </summary>
public sealed record JournalTuning
{
    /// <summary>
    /// Write transactions in flight at once (<see cref="JournalWriter"/>'s lanes, each on its own connection). Unset: 1 on
    /// SQLite, whose single writer lock makes a second one only wait (and retry with sleeps), 3 on PostgreSQL.
    /// </summary>
    public int? Parallelism { get; init; }

    /// <summary>Events (each a batch of a node's lines) committed in one transaction at most.</summary>
    public int BatchSize { get; init; } = 400;

    /// <summary>Writes queued beyond what is being committed; more are refused (the entity retries, the receivers resend).</summary>
    public int BufferSize { get; init; } = 10_000;

    /// <summary>
    /// Longest a write may take, queue included, before it fails (Akka's default: 10 s). Under a backlog on a busy
    /// machine a write is slow, not lost: failing it makes the entity stop and the receivers resend it all again.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the journal refuses every write once 10 writes in a row have failed (Akka's default: 30 s). With the
    /// default, one slow spell at 20,000 lines/s stopped all persisting for 30 s with the process idle (counted:
    /// 64 TimeoutExceptions, then OpenCircuitExceptions) while the receivers' outboxes filled.
    /// </summary>
    public TimeSpan BreakerResetTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// SQLite only: how often the journal's commits are made durable together. Each commit still reaches the WAL at
    /// once (nothing is lost when krglogs dies), but only <see cref="JournalSync"/> fsyncs it: every interval, and
    /// before the per-node files or the index store an offset. A power cut loses at most this much of what was acked.
    /// Zero: every commit fsyncs on its own (SQLite's <c>synchronous=FULL</c>), at one fsync per transaction: 425 a
    /// second with 1,000 nodes at 10,000 lines/s.
    /// </summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The keys this tuning sets in Akka's configuration (through Akka.Hosting's IConfiguration bridge).</summary>
    public IReadOnlyDictionary<string, string?> AkkaSettings(bool sqlite) => new Dictionary<string, string?>
    {
        ["akka.persistence.journal.sql.parallelism"] = (Parallelism ?? (sqlite ? 1 : 3)).ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.batch-size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.buffer-size"] = BufferSize.ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.circuit-breaker.call-timeout"] = AkkaDuration.Of(CallTimeout),
        ["akka.persistence.journal.sql.circuit-breaker.reset-timeout"] = AkkaDuration.Of(BreakerResetTimeout),
        // krglogs writes the journal's rows itself (JournalWriter); the plugin keeps recovery, deletes and the read side.
        ["akka.persistence.journal.sql.class"] = typeof(KrgLogsJournal).FullName + ", " + typeof(KrgLogsJournal).Assembly.GetName().Name,
        ["akka.persistence.journal.sql." + KrgLogsJournal.CommitWithoutSyncKey] = sqlite && SyncInterval > TimeSpan.Zero ? "on" : "off",
    };
}

public static class JournalTuningHosting
{
    /// <summary>Applies the tuning and logs what the journal really got (a key Akka does not know is silently ignored).</summary>
    public static AkkaConfigurationBuilder WithJournalTuning(this AkkaConfigurationBuilder builder, JournalTuning tuning, bool sqlite) =>
        builder
            .AddHocon(new ConfigurationBuilder().AddInMemoryCollection(tuning.AkkaSettings(sqlite)).Build(), HoconAddMode.Prepend)
            .AddStartup((system, _) =>
            {
                var journal = system.Settings.Config.GetConfig("akka.persistence.journal.sql");
                system.Log.Info(
                    "Journal: {0} write transaction(s) at once, up to {1} events each, tags written {2} and read {3}, write timeout {4}, breaker reset {5}, written by {6}",
                    [
                    journal.GetInt("parallelism"),
                    journal.GetInt("batch-size"),
                    journal.GetString("tag-write-mode"),
                    system.Settings.Config.GetString("akka.persistence.query.journal.sql.tag-read-mode"),
                    journal.GetTimeSpan("circuit-breaker.call-timeout"),
                    journal.GetTimeSpan("circuit-breaker.reset-timeout"),
                    journal.GetString("class"),
                    ]);
            });
}
