using KrgLogs.Fuzz;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Fuzz;

/// <summary>
/// What afl-fuzz found (fuzz/crashes), each as a test of its own, and the whole committed corpus replayed through
/// the same targets: every input the fuzzer kept must still run clean.
/// </summary>
public sealed class FuzzFindingsTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Received = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_offset_beyond_fourteen_hours_is_not_a_timestamp_and_does_not_throw()
    {
        // fuzz/crashes/syslog/025e8994c4aa: "-14:15" passed the hour check and DateTimeOffset threw.
        var input = "<34>: 2003-10-11T22:14:15-14:15-003Z \u0092- ID47 - su "u8.ToArray();
        var lines = new List<LogLine>();
        new SyslogParser().ParseMessages(input, Received, lines);
        var line = Assert.Single(lines);
        Assert.Equal(Received, line.ReceivedAt);
        Assert.False(SyslogTimestamp.TryParseIso("2003-10-11T22:14:15-14:15"u8, out _, out _, out _));
        Assert.True(SyslogTimestamp.TryParseIso("2003-10-11T22:14:15-14:00"u8, out _, out _, out var offset));
        Assert.Equal(TimeSpan.FromHours(-14), offset);
    }

    [Fact]
    public void Every_committed_fuzz_input_and_crash_runs_clean()
    {
        var fuzz = Path.Combine(SharedFixtures.Repository, "fuzz");
        var tried = 0;
        var failures = new List<string>();
        foreach (var (target, run) in FuzzTargets.All)
        {
            foreach (var folder in new[] { "corpus", "crashes" })
            {
                var dir = Path.Combine(fuzz, folder, target);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (var file in Directory.GetFiles(dir))
                {
                    tried++;
                    try
                    {
                        run(File.ReadAllBytes(file));
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{target}/{folder}/{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }

        Assert.True(tried > 100, $"only {tried} committed fuzz inputs");
        Assert.Empty(failures);

        var executions = 0L;
        var crashes = 0L;
        foreach (var summary in Directory.GetFiles(Path.Combine(fuzz, "results"), "*.txt"))
        {
            var fields = File.ReadAllLines(summary).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            executions += long.Parse(fields["execs_done"], System.Globalization.CultureInfo.InvariantCulture);
            crashes += long.Parse(fields["saved_crashes"], System.Globalization.CultureInfo.InvariantCulture);
        }

        output.WriteLine($"FIGURE fuzz: {executions} executions (afl-fuzz, committed run summaries), {crashes} crashes found and fixed, {tried} bad inputs replayed clean");
        Console.WriteLine($"FIGURE fuzz: {executions} executions (afl-fuzz, committed run summaries), {crashes} crashes found and fixed, {tried} bad inputs replayed clean");
    }
}
