using System.Diagnostics;
using System.Globalization;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Drives deploy/local-cluster.sh, as a user would: a private PostgreSQL, aggregators and receivers.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-localcluster-").FullName;

    // A block of ports per test run; the script lays members out from this base.
    public int BasePort { get; } = 21000 + (Random.Shared.Next(0, 80) * 100);

    public int AggregatorHttpPort(int i) => BasePort + (10 * i) + 1;

    public int ReceiverUdpPort(int j) => BasePort + 500 + (10 * j);

    /// <summary>UDP port of aggregator i's embedded receiver (its /metrics shows that receiver's counters).</summary>
    public int AggregatorUdpPort(int i) => BasePort + (10 * i);

    /// <summary>Everything member <paramref name="name"/> (a1, r2…) has logged, across restarts.</summary>
    public string LogOf(string name) =>
        string.Concat(new[] { "out.log.old", "out.log" }.Select(f => Path.Combine(_dir, name, f)).Where(File.Exists).Select(ReadShared));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Runs a test on the cluster. A failure's message gains what the cluster did meanwhile (split-brain decisions,
    /// members downed, exiting and started again), which the test's own message cannot tell and CI keeps no logs of.
    /// </summary>
    public async Task ExplainingFailuresAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception e)
        {
            throw new ClusterTestFailureException(e, Events());
        }
    }

    /// <summary>Membership events from every member's log, oldest first, each line cut short.</summary>
    public IReadOnlyList<string> Events() =>
        Directory.EnumerateDirectories(_dir)
            .Select(Path.GetFileName)
            .Where(name => name is ['a' or 'r', ..])
            .SelectMany(name => LogOf(name!).Split('\n').Where(IsEvent).Select(line => $"{name}: {Shorten(line.Trim())}"))
            .ToList();

    /// <summary>Who saw whom as unreachable, and late heartbeats, tell a downing's cause (a stalled member, or a link).</summary>
    private static bool IsEvent(string line) =>
        line.Contains("as UNREACHABLE", StringComparison.Ordinal) ||
        line.Contains("as REACHABLE", StringComparison.Ordinal) ||
        line.Contains("heartbeat interval is growing too large", StringComparison.Ordinal) ||
        line.Contains("sending of heartbeat was delayed", StringComparison.Ordinal) ||
        line.Contains("SBR took decision", StringComparison.Ordinal) ||
        line.Contains("Shutting down myself", StringComparison.Ordinal) ||
        line.Contains("left the cluster without being asked", StringComparison.Ordinal) ||
        line.StartsWith("local-cluster:", StringComparison.Ordinal);

    private static string Shorten(string line) => line.Length <= 240 ? line : line[..240] + "…";

    public Task<string> RunAsync(params string[] args) => Script(TimeSpan.FromMinutes(3), args);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Script(TimeSpan.FromMinutes(2), "stop");
        }
        finally
        {
            // KRGLOGS_KEEP_CLUSTER_LOGS=1 keeps the members' logs (and data) for a look after the run.
            if (Environment.GetEnvironmentVariable("KRGLOGS_KEEP_CLUSTER_LOGS") != "1")
            {
                Directory.Delete(_dir, recursive: true);
            }
        }
    }

    private async Task<string> Script(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "deploy", "local-cluster.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KRGLOGS_CLUSTER_DIR"] = _dir;
        start.Environment["KRGLOGS_CLUSTER_BASE_PORT"] = BasePort.ToString(CultureInfo.InvariantCulture);
        start.Environment["KRGLOGS_CONFIGURATION"] = RepoPaths.Configuration;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', args)} failed: {await stdout}{await stderr}");
        }

        return await stdout;
    }
}

/// <summary>A cluster test's failure, with the cluster's membership events appended to its message.</summary>
public sealed class ClusterTestFailureException(Exception failure, IReadOnlyList<string> events)
    : Exception($"{failure.Message}{Environment.NewLine}cluster events ({events.Count}):{Environment.NewLine}{string.Join(Environment.NewLine, events.TakeLast(40))}", failure);
