using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KrgLogs.Shared.Lines;

namespace KrgLogs.LoadGen;

/// <summary>
/// <c>check</c>: reads back from krglogs's journal (<c>--db</c> the SQLite file, or <c>--postgres</c> a connection
/// string to the cluster's database) everything a <c>send</c> run sent (its JSON report says what) and reports
/// per node lost, duplicated, out of order and crash reports found vs sent. Waits (bounded) while lines are still
/// arriving.
/// </summary>
public static class CheckCommand
{
    public static int Run(CommandLine cl)
    {
        var postgres = cl.OptionalText("postgres");
        var db = cl.Text("db", "data/krglogs.db");
        var sentPath = cl.Text("sent", "sent.json");
        var wait = TimeSpan.FromSeconds(cl.Real("wait", 30));
        var settle = TimeSpan.FromSeconds(cl.Real("settle", 3));
        var outPath = cl.OptionalText("out");
        cl.RefuseUnknown();

        var sent = JsonSerializer.Deserialize<SendReport>(File.ReadAllText(sentPath), JsonOutput.Options)
            ?? throw new ArgumentException($"{sentPath} is not a send report");
        var tallies = new Dictionary<string, NodeTally>(StringComparer.Ordinal);
        for (var i = 0; i < sent.Nodes; i++)
        {
            var name = NodeAddress.NameOf(i);
            tallies["node-" + name] = new NodeTally(name, sent.SentPerNode[i], sent.CrashesPerNode[i]);
        }

        var marker = $"lg {sent.Run} ";
        void Line(string persistenceId, LogLine line)
        {
            var at = line.Text.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0 || !tallies.TryGetValue(persistenceId, out var tally))
            {
                return; // not this run's numbered line (crash text, an earlier run, another sender)
            }

            var rest = line.Text.AsSpan(at + marker.Length);
            var space = rest.IndexOf(' ');
            var node = space > 0 && int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            rest = space > 0 ? rest[(space + 1)..] : [];
            space = rest.IndexOf(' ');
            if (node < 0 || node >= sent.Nodes || "node-" + NodeAddress.NameOf(node) != persistenceId
                || space <= 0 || !long.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                tally.SeeForeign();
                return;
            }

            tally.See(seq, line.Stream == LogStream.Kernel ? 0 : 1);
        }

        // Crash events carry no run id: count those whose first line came after this run started.
        void Crash(string persistenceId, DateTimeOffset firstAt)
        {
            if (firstAt >= sent.StartedAt && tallies.TryGetValue(persistenceId, out var tally))
            {
                tally.CrashesFound++;
            }
        }

        var clock = Stopwatch.StartNew();
        double? readerServerCpu;
        using (var journal = postgres is null ? JournalReader.Sqlite(db) : JournalReader.Postgres(postgres))
        {
            var lastNews = clock.Elapsed;
            while (clock.Elapsed < wait)
            {
                if (journal.ReadNew(Line, Crash) > 0)
                {
                    lastNews = clock.Elapsed;
                }

                var complete = tallies.Values.All(t => t.Found >= t.Sent && t.CrashesFound >= t.CrashesSent);
                if ((complete && clock.Elapsed - lastNews > TimeSpan.FromSeconds(0.5)) || clock.Elapsed - lastNews > settle)
                {
                    break;
                }

                Thread.Sleep(200);
            }

            readerServerCpu = journal.BackendCpuSeconds();
        }

        var nodes = tallies.Values
            .Select(t => new CheckReport.NodeResult(t.Node, t.Sent, t.Found, t.Lost, t.Duplicated, t.OutOfOrder, t.Foreign, t.CrashesSent, t.CrashesFound, t.MissingRanges()))
            .ToList();
        var report = new CheckReport(
            sent.Run,
            nodes.Sum(n => n.Sent),
            nodes.Sum(n => n.Found),
            nodes.Sum(n => n.Lost),
            nodes.Sum(n => n.Duplicated),
            nodes.Sum(n => n.OutOfOrder),
            nodes.Sum(n => n.Foreign),
            nodes.Sum(n => n.CrashesSent),
            nodes.Sum(n => n.CrashesFound),
            nodes.All(n => n.Lost == 0 && n.Duplicated == 0 && n.Foreign == 0),
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            readerServerCpu,
            nodes);
        var json = JsonSerializer.Serialize(report, JsonOutput.Options);
        if (outPath is not null)
        {
            File.WriteAllText(outPath, json);
        }

        Console.Error.WriteLine(
            $"check {sent.Run}: sent {report.Sent:N0}, found {report.Found:N0}, lost {report.Lost:N0}, duplicated {report.Duplicated:N0}, "
            + $"out of order {report.OutOfOrder:N0}, foreign {report.Foreign:N0}, crashes found {report.CrashesFound}/{report.CrashesSent} sent");
        foreach (var n in nodes.Where(n => n.Lost != 0 || n.Duplicated != 0 || n.OutOfOrder != 0 || n.Foreign != 0 || n.CrashesFound < n.CrashesSent).Take(10))
        {
            Console.Error.WriteLine($"  {n.Node}: sent {n.Sent}, lost {n.Lost}, duplicated {n.Duplicated}, out of order {n.OutOfOrder}, foreign {n.Foreign}, crashes {n.CrashesFound}/{n.CrashesSent}, missing {string.Join(' ', n.Missing)}");
        }

        if (outPath is null)
        {
            Console.WriteLine(json);
        }

        return report.ZeroLoss ? 0 : 1;
    }
}
