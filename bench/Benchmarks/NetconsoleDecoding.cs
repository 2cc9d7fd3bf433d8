using System.Text;
using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Benchmarks;

/// <summary>
/// Decoding throughput: each operation decodes <see cref="LineCount"/> kernel lines with a fresh decoder.
/// Lines/s = LineCount / mean; bytes per line = allocated / LineCount (the line strings themselves included).
/// </summary>
[MemoryDiagnoser]
public class NetconsoleDecoding
{
    public const int LineCount = 10_000;

    private static readonly string[] Texts =
    [
        "Kernel panic - not syncing: sysrq triggered crash",
        "CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-56-amd64 #1  Debian 6.1.192-2",
        "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        " ? exit_to_user_mode_prepare+0x44/0x240",
        "RAX: ffffffffffffffda RBX: 0000000000000001 RCX: 000000000047b7a0",
        "e1000 0000:00:03.0 eth0: (PCI:33MHz:32-bit) 52:54:00:12:34:56",
        "ACPI: PCI Interrupt Link [LNKD] (IRQs 5 *10 11)",
        "EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.",
    ];

    private readonly List<LogLine> _output = new(LineCount + 16);
    private readonly DateTimeOffset _at = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private byte[][] _plain = [];
    private byte[][] _extended = [];
    private byte[][] _extendedShuffled = [];

    [GlobalSetup]
    public void Setup()
    {
        // Plain: the console stream cut into 1000-byte datagrams, as netconsole does.
        var stream = new StringBuilder();
        for (var i = 0; i < LineCount; i++)
        {
            var us = 1_000_000L + (i * 137L);
            stream.Append('[').Append((us / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5))
                .Append('.').Append((us % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("] ")
                .Append(Texts[i % Texts.Length]).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(stream.ToString());
        _plain = bytes.Chunk(1000).ToArray();

        _extended = new byte[LineCount][];
        for (var i = 0; i < LineCount; i++)
        {
            _extended[i] = Encoding.UTF8.GetBytes($"4,{i + 1000},{7_000_000 + (i * 311)},-;{Texts[i % Texts.Length]}\n");
        }

        // Same records, each block of 32 reversed: every record goes through the reorder window.
        _extendedShuffled = new byte[LineCount][];
        for (var block = 0; block < LineCount; block += 32)
        {
            var end = Math.Min(LineCount, block + 32);
            for (var i = block; i < end; i++)
            {
                _extendedShuffled[i] = _extended[end - 1 - (i - block)];
            }
        }
    }

    [Benchmark]
    public int Plain() => Run(_plain);

    [Benchmark]
    public int ExtendedInOrder() => Run(_extended);

    [Benchmark]
    public int ExtendedReordered() => Run(_extendedShuffled);

    private int Run(byte[][] datagrams)
    {
        _output.Clear();
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        foreach (var d in datagrams)
        {
            decoder.Accept(d, _at, _output);
        }

        decoder.Flush(_at, _output);
        if (_output.Count != LineCount)
        {
            throw new InvalidOperationException($"decoded {_output.Count} lines, expected {LineCount}");
        }

        return _output.Count;
    }
}
