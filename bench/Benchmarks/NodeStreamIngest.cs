using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Benchmarks;

/// <summary>
/// The whole per-node decoding path of the NodeLog entity: the real plain-mode capture of a 6.1 kernel
/// (../shared/captures/plain.jsonl, 424 datagrams, 425 lines) replayed through a fresh <see cref="NodeStream"/>.
/// </summary>
[MemoryDiagnoser]
public class NodeStreamIngest
{
    private readonly List<LogLine> _output = new(1024);
    private readonly DateTimeOffset _at = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private byte[][] _capture = [];

    [GlobalSetup]
    public void Setup() =>
        _capture = File.ReadLines(Path.Combine(Fixtures.Shared, "captures", "plain.jsonl"))
            .Select(l => Convert.FromBase64String(JsonDocument.Parse(l).RootElement.GetProperty("b64").GetString()!))
            .ToArray();

    [Benchmark]
    public int PlainCapture()
    {
        _output.Clear();
        var stream = new NodeStream(new NodeStreamOptions());
        foreach (var datagram in _capture)
        {
            stream.Accept(datagram, _at, DatagramTransport.Udp, _output);
        }

        stream.Tick(_at.AddMinutes(1), _output);
        return _output.Count;
    }
}
