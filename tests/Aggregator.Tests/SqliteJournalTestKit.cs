using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Aggregator.Projections;
using KrgLogs.Receiver;
using KrgLogs.Receiver.Protocol;
using KrgLogs.Shared.Ingest;

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

    /// <summary>`PREFIX 0001` … `PREFIX 0042`: lines whose order and completeness a test can read back.</summary>
    protected static List<string> Numbered(string prefix, int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => $"{prefix} {i:D4}")];

    /// <summary>Sends the lines to the node's entity as receiver batch <paramref name="seq"/> and waits until it is persisted.</summary>
    protected async Task SendLinesAsync(IActorRef entity, string node, long seq, IEnumerable<string> lines, DateTimeOffset receivedAt)
    {
        var builder = new DatagramBatchBuilder();
        foreach (var line in lines)
        {
            builder.Add(Encoding.UTF8.GetBytes(line + "\n"), receivedAt.UtcTicks, DatagramTransport.Udp);
        }

        entity.Tell(new NodeBatch(node, "receiver-a/1", seq, builder.Build()), TestActor);
        await ExpectMsgAsync<BatchPersisted>(Wait);
    }

    /// <summary>The texts of the lines in the node's file under <c>&lt;Dir&gt;/logs</c>, in order (none when it has no file).</summary>
    protected List<string> FileTexts(string node)
    {
        var path = Path.Combine(Dir, "logs", NodeFileLine.FileNameOf(node));
        return File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..])] : [];
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
