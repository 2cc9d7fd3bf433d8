using System.Diagnostics;
using System.Text.Json;

namespace KrgLogs.LoadGen;

/// <summary>
/// <c>send</c>: N nodes, round robin, each sending its next batch of numbered lines with one sendmmsg, paced to
/// the target rate (or flat out); real crash logs spread evenly over the run; bounded by --total and
/// --max-seconds. With --crash-stream it measures crash-sent → SSE <c>crash</c> event latency.
/// </summary>
public static class SendCommand
{
    public static async Task<int> RunAsync(CommandLine cl)
    {
        var options = LoadOptions.From(cl);
        var corpus = options.Crashes > 0 ? new CrashCorpus(options.CorpusDir!) : null;
        var text = options.TextPath is null ? null : new BodyText(options.TextPath);
        var nodes = Enumerable.Range(0, options.Nodes).Select(i => new SimulatedNode(i, options, text)).ToArray();
        using var stream = options.CrashStreamUrl is null ? null : new CrashStream(options.CrashStreamUrl);
        if (stream is not null)
        {
            await stream.StartAsync(TimeSpan.FromSeconds(10));
        }

        var crashSends = new List<(string Node, long At)>();
        var startedAt = DateTimeOffset.UtcNow;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var crashEvery = options.Crashes > 0 ? options.Total / options.Crashes : long.MaxValue;
        var nextCrash = crashEvery / 2;
        var crashNode = 0;
        var timedOut = false;
        var node = 0;
        while (sent < options.Total)
        {
            if (clock.Elapsed > options.MaxTime)
            {
                timedOut = true;
                break;
            }

            var count = (int)Math.Min(options.BatchPerSend, options.Total - sent);
            if (!options.Unthrottled)
            {
                Pace(clock, sent + count, options.Rate);
            }

            nodes[node].SendLines(count);
            sent += count;
            node = (node + 1) % nodes.Length;
            if (corpus is not null && sent >= nextCrash && crashSends.Count < options.Crashes)
            {
                var target = nodes[crashNode++ % nodes.Length];
                target.SendCrash(corpus.Next().Lines);
                crashSends.Add((NodeAddress.NameOf(target.Index), Stopwatch.GetTimestamp()));
                nextCrash += crashEvery;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var latencies = new List<double>();
        if (stream is not null && crashSends.Count > 0)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < options.CrashWait && Match(crashSends, stream.Crashes()).Count < crashSends.Count)
            {
                await Task.Delay(100);
            }

            latencies = Match(crashSends, stream.Crashes());
        }

        latencies.Sort();
        var report = new SendReport(
            options.Run,
            startedAt,
            options.Target.ToString(),
            options.Nodes,
            options.Mix.ToString(),
            options.LineBytes,
            options.Rate,
            sent,
            nodes.Sum(n => n.Datagrams),
            nodes.Sum(n => n.SyslogLines),
            nodes.Sum(n => n.Fragmented),
            Math.Round(seconds, 3),
            Math.Round(sent / seconds),
            Math.Round(cpu, 3),
            timedOut,
            crashSends.Count,
            latencies.Count,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? null : Math.Round(latencies[^1], 1),
            [.. nodes.Select(n => n.Sent)],
            [.. nodes.Select(n => n.CrashesSent)]);
        foreach (var n in nodes)
        {
            n.Dispose();
        }

        var json = JsonSerializer.Serialize(report, JsonOutput.Options);
        if (options.OutPath is not null)
        {
            await File.WriteAllTextAsync(options.OutPath, json);
        }

        Console.Error.WriteLine(
            $"loadgen: sent {sent:N0} lines ({report.Datagrams:N0} datagrams) from {options.Nodes} nodes in {seconds:F2} s = {report.LinesPerSecond:N0} lines/s"
            + $" (sender CPU {cpu:F2} s){(timedOut ? ", STOPPED AT --max-seconds" : "")}"
            + (crashSends.Count > 0 ? $"; crashes {crashSends.Count}, alerts matched {latencies.Count}, p50 {report.CrashLatencyP50Ms} ms, p99 {report.CrashLatencyP99Ms} ms" : ""));
        if (options.OutPath is null)
        {
            Console.WriteLine(json);
        }

        return timedOut ? 1 : 0;
    }

    /// <summary>Waits until sending <paramref name="upTo"/> lines keeps to the rate: sleeps when far ahead, spins near.</summary>
    private static void Pace(Stopwatch clock, long upTo, double rate)
    {
        var due = upTo / rate;
        for (var spins = 0; spins < 10_000_000; spins++)
        {
            var ahead = due - clock.Elapsed.TotalSeconds;
            if (ahead <= 0)
            {
                return;
            }

            if (ahead > 0.002)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }

    /// <summary>Each crash sent is paired with the first crash event of its node that came after it and was not taken.</summary>
    private static List<double> Match(List<(string Node, long At)> sends, List<(string Node, long At)> events)
    {
        var taken = new bool[events.Count];
        var latencies = new List<double>();
        foreach (var (node, at) in sends)
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (!taken[i] && events[i].Node == node && events[i].At >= at)
                {
                    taken[i] = true;
                    latencies.Add(Stopwatch.GetElapsedTime(at, events[i].At).TotalMilliseconds);
                    break;
                }
            }
        }

        return latencies;
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
}
