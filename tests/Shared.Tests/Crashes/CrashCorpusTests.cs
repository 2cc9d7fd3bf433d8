using System.Globalization;
using System.Text;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>Runs the offline detector over the shared crash corpora and reports how close it is to the reference.</summary>
public sealed class CrashCorpusTests(ITestOutputHelper output)
{
    // Levels reached so far: the test fails if a change makes any of them go down. Raise them as the detector improves.
    private const double MinPositivesDetected = 0.990; // 522/527: misses are 2 "unexpected reboot", 2 Go runtime, 1 bare "WARNING: foo"
    private const double MinNegativesSilent = 1.0;     // 26/26
    private const double MinTitlesMatching = 0.907;    // 478/527
    private const double MinAbrtOopsesFound = 1.0;     // 25/25

    [Fact]
    public void Syzkaller_corpus_detects_crashes_stays_quiet_on_clean_logs_and_titles_them()
    {
        var files = Directory.GetFiles(SharedData.Path("corpora", "crashes", "syzkaller")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        int positives = 0, detected = 0, negatives = 0, silent = 0, titled = 0;
        var misses = new StringBuilder();
        foreach (var file in files)
        {
            var c = SyzkallerCase.Load(file);
            var reports = CrashDetector.DetectAll(new StringReader(c.Log)).OrderBy(r => r.FirstLineIndex).ToList();
            // No TITLE (or an empty one): syzkaller finds no crash here.
            if (string.IsNullOrWhiteSpace(c.Title))
            {
                negatives++;
                if (reports.Count == 0)
                {
                    silent++;
                }
                else
                {
                    misses.AppendLine(CultureInfo.InvariantCulture, $"NEG {c.Name}: {reports[0].Title}");
                }

                continue;
            }

            positives++;
            if (reports.Count == 0)
            {
                misses.AppendLine(CultureInfo.InvariantCulture, $"MISS {c.Name}: want {c.Title}");
                continue;
            }

            detected++;
            var first = reports[0].Title;
            if (first == c.Title || c.AltTitles.Contains(first))
            {
                titled++;
            }
            else
            {
                misses.AppendLine(CultureInfo.InvariantCulture, $"TITLE {c.Name}: got {first} | want {c.Title}");
            }
        }

        var positiveRate = (double)detected / positives;
        var negativeRate = (double)silent / negatives;
        var titleRate = (double)titled / positives;
        Report(string.Create(CultureInfo.InvariantCulture,
            $"syzkaller corpus: positives detected {detected}/{positives} ({positiveRate:P1}), negatives silent {silent}/{negatives} ({negativeRate:P1}), first-report titles matching {titled}/{positives} ({titleRate:P1})"));
        Dump("syzkaller", misses.ToString());
        Assert.True(positiveRate >= MinPositivesDetected, $"positives {positiveRate:P1}");
        Assert.True(negativeRate >= MinNegativesSilent, $"negatives {negativeRate:P1}");
        Assert.True(titleRate >= MinTitlesMatching, $"titles {titleRate:P1}");
    }

    [Fact]
    public void Abrt_corpus_finds_every_oops()
    {
        var dir = SharedData.Path("corpora", "crashes", "abrt");
        int files = 0, found = 0, cleanFiles = 0, cleanSilent = 0;
        var misses = new StringBuilder();
        foreach (var test in Directory.GetFiles(dir).Where(f => f.EndsWith(".test", StringComparison.Ordinal) || f.EndsWith(".test.template", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(test);
            var right = Path.Combine(dir, name[..name.IndexOf(".test", StringComparison.Ordinal)] + ".right");
            var expectedText = File.Exists(right) ? File.ReadAllText(right) : null;
            var log = File.ReadAllText(test).Replace(":HOSTNAME:", "node1", StringComparison.Ordinal);
            var reports = CrashDetector.DetectAll(new StringReader(log)).ToList();
            if (expectedText is null)
            {
                // No .right: abrt uses these files for other checks; printed, not judged.
                misses.AppendLine(CultureInfo.InvariantCulture, $"UNLABELLED {name}: {reports.Count} report(s): {string.Join(" | ", reports.Select(r => r.Title))}");
                continue;
            }

            if (expectedText.StartsWith("abrt-dump-oops: Found oopses: ", StringComparison.Ordinal))
            {
                var expected = int.Parse(expectedText.AsSpan(30, expectedText.IndexOf('\n', StringComparison.Ordinal) - 30), CultureInfo.InvariantCulture);
                files++;
                if (reports.Count >= expected)
                {
                    found++;
                }
                else
                {
                    misses.AppendLine(CultureInfo.InvariantCulture, $"MISS {name}: want {expected}, got {reports.Count}");
                }
            }
            else if (expectedText.Trim().Length == 0)
            {
                cleanFiles++;
                if (reports.Count == 0)
                {
                    cleanSilent++;
                }
                else
                {
                    misses.AppendLine(CultureInfo.InvariantCulture, $"NOT-OOPS {name}: {reports[0].Title}");
                }
            }
        }

        var rate = (double)found / files;
        Report(string.Create(CultureInfo.InvariantCulture,
            $"abrt corpus: oops files found {found}/{files} ({rate:P1}); files abrt calls clean and we leave silent {cleanSilent}/{cleanFiles}"));
        Dump("abrt", misses.ToString());
        Assert.True(rate >= MinAbrtOopsesFound, $"abrt {rate:P1}");
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private void Dump(string name, string misses)
    {
        output.WriteLine(misses);
        if (Environment.GetEnvironmentVariable("KRGLOGS_CORPUS_DUMP") is { Length: > 0 } dumpDir)
        {
            File.WriteAllText(Path.Combine(dumpDir, name + ".txt"), misses);
        }
    }
}
