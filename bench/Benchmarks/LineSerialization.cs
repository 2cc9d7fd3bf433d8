using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Benchmarks;

/// <summary>
/// One journal event's worth of lines (256 lines of a real boot log) to bytes, as the journal serializer and the
/// search index's blocks do it: a fresh MemoryStream per message (how they did until 2026-11-29) against
/// <see cref="ScratchWriter"/>. Allocated bytes per operation are the point.
/// </summary>
[MemoryDiagnoser]
public class LineSerialization
{
    private readonly DateTimeOffset _at = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    private LogLine[] _lines = [];

    [GlobalSetup]
    public void Setup() =>
        _lines = File.ReadLines(Path.Combine(Fixtures.Shared, "captures", "plain.serial.log"))
            .Take(256)
            .Select((text, i) => new LogLine(text, _at.AddMilliseconds(i), Level: 6, KernelTimeUs: i * 1000L))
            .ToArray();

    [Benchmark(Baseline = true)]
    public byte[] FreshStream()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            WriteAll(writer, _lines);
        }

        return stream.ToArray();
    }

    [Benchmark]
    public byte[] Scratch() => ScratchWriter.Write(_lines, WriteAll);

    private static void WriteAll(BinaryWriter writer, LogLine[] lines)
    {
        writer.Write7BitEncodedInt(lines.Length);
        foreach (var line in lines)
        {
            LogLineBinary.Write(writer, line);
        }
    }
}
