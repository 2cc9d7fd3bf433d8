using System.Globalization;
using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Text;

namespace KrgLogs.Benchmarks;

/// <summary>
/// The per-line work of a per-node file besides the copy itself, over 256 lines of a real boot log: the time prefix
/// and the check that a line needs no escaping. The general formatter and a char-by-char scan (how the files did it
/// until 2026-11-29) against <see cref="UtcTimestamp"/> and the vectorized <see cref="EscapedText.NeedsEscaping"/>.
/// </summary>
[MemoryDiagnoser]
public class FileLineText
{
    private readonly DateTime _at = new(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);
    private string[] _lines = [];

    [GlobalSetup]
    public void Setup() =>
        _lines = File.ReadLines(Path.Combine(Fixtures.Shared, "captures", "plain.serial.log")).Take(256).ToArray();

    [Benchmark(Baseline = true)]
    public int GeneralFormatterAndScan()
    {
        Span<char> time = stackalloc char[UtcTimestamp.Length];
        var sum = 0;
        for (var i = 0; i < _lines.Length; i++)
        {
            _at.AddTicks(i * 17).TryFormat(time, out var written, UtcTimestamp.Pattern, CultureInfo.InvariantCulture);
            sum += written + time[written - 2] + (ScanCharByChar(_lines[i]) ? 1 : 0);
        }

        return sum;
    }

    [Benchmark]
    public int UtcTimestampAndVectorScan()
    {
        Span<char> time = stackalloc char[UtcTimestamp.Length];
        var sum = 0;
        for (var i = 0; i < _lines.Length; i++)
        {
            UtcTimestamp.Format(_at.AddTicks(i * 17), time);
            sum += UtcTimestamp.Length + time[^2] + (EscapedText.NeedsEscaping(_lines[i]) ? 1 : 0);
        }

        return sum;
    }

    private static bool ScanCharByChar(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'))
            {
                return true;
            }
        }

        return false;
    }
}
