using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;
using Npgsql;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// The journal (SQLite or PostgreSQL): the plugin's journal with its writes done by <see cref="JournalWriter"/>. Recovery,
/// deletes and the read side (the projections' <c>EventsByTag</c>) stay the plugin's, on the same table, so a row is
/// written exactly as the plugin writes it: the payload's serializer and manifest, the tags as <c>;tag;</c>, the
/// write's time in ticks and this journal's writer id.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: the writer is disposed in PostStop")]
public sealed class KrgLogsJournal : SqlWriteJournal
{
    /// <summary>Configuration key (under the journal's), SQLite only: <c>synchronous=NORMAL</c> on the writer's connection.</summary>
    public const string CommitWithoutSyncKey = "krglogs-commit-without-sync";

    private readonly JournalWriter _writer;
    private readonly ExtendedActorSystem _system;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly string _tagSeparator;
    private readonly string? _defaultSerializer;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Task> _writing = new();

    public KrgLogsJournal(Akka.Configuration.Config journalConfig)
        : base(journalConfig)
    {
        _system = (ExtendedActorSystem)Context.System;
        _serialization = _system.Serialization;
        _tagSeparator = journalConfig.GetString("tag-separator", ";");
        var serializer = journalConfig.GetString("serializer", null);
        _defaultSerializer = string.IsNullOrEmpty(serializer) ? null : serializer;
        var connectionString = journalConfig.GetString("connection-string");
        var sqlite = journalConfig.GetString("provider-name").Contains("SQLite", StringComparison.OrdinalIgnoreCase);
        var commitWithoutSync = journalConfig.GetBoolean(CommitWithoutSyncKey, false);
        _writer = new JournalWriter(
            sqlite ? () => SqlitePersistence.ForWrites(connectionString) : () => new NpgsqlConnection(connectionString),
            sqlite ? SqlitePersistence.OpenedForWrites(commitWithoutSync) : null,
            journalConfig.GetInt("batch-size", 400),
            journalConfig.GetInt("buffer-size", 10_000),
            Math.Max(1, journalConfig.GetInt("parallelism", 1)));
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var rows = new List<JournalRecord>(writes.Count);
        var rejections = new Exception?[writes.Count];
        var now = DateTime.UtcNow.Ticks;
        var own = new List<JournalRecord>();
        for (var i = 0; i < writes.Count; i++)
        {
            // A write whose payload will not serialize is rejected alone (its entity goes on), as the plugin does.
            own.Clear();
            try
            {
                foreach (var representation in (IImmutableList<IPersistentRepresentation>)writes[i].Payload)
                {
                    own.Add(Row(representation, now));
                }

                rows.AddRange(own);
            }
            catch (Exception e)
            {
                rejections[i] = e;
            }
        }

        return Persist(writes, rows, rejections);
    }

    private async Task<IImmutableList<Exception>> Persist(IReadOnlyList<AtomicWrite> writes, List<JournalRecord> rows, Exception?[] rejections)
    {
        var written = _writer.Write(rows);
        var persistenceIds = writes.Select(w => w.PersistenceId).Distinct().ToList();
        foreach (var persistenceId in persistenceIds)
        {
            _writing[persistenceId] = written;
        }

        try
        {
            await written.ConfigureAwait(false);
        }
        finally
        {
            foreach (var persistenceId in persistenceIds)
            {
                _writing.TryRemove(new KeyValuePair<string, Task>(persistenceId, written));
            }
        }

        return rejections.All(r => r is null) ? null! : ImmutableList.Create<Exception>(rejections!);
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        // A write of this node still in flight must be in the answer (or have failed) before recovery reads it.
        if (_writing.TryGetValue(persistenceId, out var inFlight))
        {
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken).ConfigureAwait(false);
    }

    protected override void PostStop()
    {
        _writer.Dispose();
        base.PostStop();
    }

    private JournalRecord Row(IPersistentRepresentation representation, long now)
    {
        var payload = representation.Payload;
        var tags = "";
        if (payload is Tagged tagged)
        {
            payload = tagged.Payload;
            tags = tagged.Tags.Count == 0 ? "" : _tagSeparator + string.Join(_tagSeparator, tagged.Tags) + _tagSeparator;
        }

        var serializer = _serialization.FindSerializerForType(payload.GetType(), _defaultSerializer);
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        var message = Akka.Serialization.Serialization.WithTransport(_system, (serializer, payload), static s => s.serializer.ToBinary(s.payload));
        return new JournalRecord(
            representation.PersistenceId,
            representation.SequenceNr,
            representation.Timestamp == 0 ? now : representation.Timestamp,
            message,
            tags,
            manifest,
            serializer.Identifier,
            _writerUuid);
    }
}
