using System.Globalization;
using Akka.Event;
using Akka.Hosting;
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
    /// Write transactions in flight at once. Unset: 1 on SQLite, whose single writer lock makes a second one only wait
    /// (and retry with sleeps), 3 on PostgreSQL.
    /// </summary>
    public int? Parallelism { get; init; }

    /// <summary>Events (each a batch of a node's lines) committed in one transaction at most.</summary>
    public int BatchSize { get; init; } = 400;

    /// <summary>Writes queued beyond what is being committed; more are refused (the entity retries, the receivers resend).</summary>
    public int BufferSize { get; init; } = 10_000;

    /// <summary>
    /// How tagged events are inserted: <c>off</c> (row by row, to learn each row's ordering for its tags),
    /// <c>parameterized</c> (one statement per batch) or <c>inline</c>. Every event of ours is tagged.
    /// </summary>
    public string TagTableInsertMode { get; init; } = "parameterized";

    /// <summary>The keys this tuning sets in Akka's configuration (through Akka.Hosting's IConfiguration bridge).</summary>
    public IReadOnlyDictionary<string, string?> AkkaSettings(bool sqlite) => new Dictionary<string, string?>
    {
        ["akka.persistence.journal.sql.parallelism"] = (Parallelism ?? (sqlite ? 1 : 3)).ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.batch-size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.buffer-size"] = BufferSize.ToString(CultureInfo.InvariantCulture),
        ["akka.persistence.journal.sql.tagtable-asqueryable-insert-mode"] = TagTableInsertMode,
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
                    "Journal: {0} write transaction(s) at once, up to {1} events each, tagged inserts {2}",
                    journal.GetInt("parallelism"), journal.GetInt("batch-size"), journal.GetString("tagtable-asqueryable-insert-mode"));
            });
}
