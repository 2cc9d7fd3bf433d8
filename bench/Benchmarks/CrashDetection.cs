using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Benchmarks;

/// <summary>
/// The crash detector over an ordinary boot log (the real serial console of ../shared/captures/plain.serial.log
/// up to its panic, repeated to <see cref="LineCount"/> lines) and over crash-dense input (real syzkaller crash
/// logs from ../shared/corpora, concatenated).
/// </summary>
[MemoryDiagnoser]
public class CrashDetection
{
    public const int LineCount = 10_000;

    private readonly List<CrashReport> _closed = [];
    private LogLine[] _boot = [];
    private LogLine[] _crashes = [];

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var boot = File.ReadLines(Path.Combine(Fixtures.Shared, "captures", "plain.serial.log"))
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith('['))
            .TakeWhile(l => !l.Contains("Kernel panic", StringComparison.Ordinal))
            .ToArray();
        _boot = Enumerable.Range(0, LineCount).Select(i => new LogLine(boot[i % boot.Length], at.AddTicks(i))).ToArray();

        var corpus = Directory.GetFiles(Path.Combine(Fixtures.Shared, "corpora", "crashes", "syzkaller")).Order(StringComparer.Ordinal).Take(60);
        _crashes = corpus
            .SelectMany(file => File.ReadLines(file).SkipWhile(l => l.Length > 0).Skip(1).TakeWhile(l => l != "REPORT:"))
            .Take(LineCount)
            .Select((l, i) => new LogLine(l, at.AddTicks(i)))
            .ToArray();
    }

    public int CrashLines => _crashes.Length;

    [Benchmark]
    public int OrdinaryBootLog() => Run(_boot);

    [Benchmark]
    public int CrashDense() => Run(_crashes);

    private int Run(LogLine[] lines)
    {
        _closed.Clear();
        var detector = new CrashDetector(CrashDetectorOptions.Default);
        foreach (var line in lines)
        {
            detector.Feed(line, _closed);
        }

        detector.Flush(_closed);
        return lines.Length;
    }
}
