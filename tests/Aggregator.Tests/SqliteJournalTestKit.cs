using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;

namespace KrgLogs.Aggregator.Tests;

/// <summary>
/// An actor system on a real SQLite journal in its own temp dir, with the krglogs serializers: the base of the
/// tests that run NodeLog entities and the read sides that follow them.
/// </summary>
public abstract class SqliteJournalTestKit : Akka.Hosting.TestKit.TestKit
{
    /// <summary>Generous: the first write creates the SQLite schema, and CI machines are busy.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected SqliteJournalTestKit(string name, ITestOutputHelper output)
        : base(name, output)
    {
        Dir = Directory.CreateTempSubdirectory($"krglogs-{name}-").FullName;
    }

    protected string Dir { get; }

    protected string DatabasePath => Path.Combine(Dir, "krglogs.db");

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        SqlitePersistence.Prepare(DatabasePath);
        builder
            .AddSqlitePersistence(DatabasePath)
            .AddReceiverSerializer()
            .AddNodeLogSerializer();
    }

    /// <summary>The texts of the node's lines the journal holds now, in order.</summary>
    protected async Task<List<string>> JournalTexts(string node)
    {
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(NodeLog.PersistenceIdOf(node), 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        return [.. events.Select(e => e.Event).OfType<LinesAppended>().SelectMany(a => a.Lines).Select(l => l.Text)];
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS cleans temp dirs later.
        }
    }
}
