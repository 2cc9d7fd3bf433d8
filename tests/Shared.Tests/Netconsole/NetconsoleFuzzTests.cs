using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class NetconsoleFuzzTests(ITestOutputHelper output)
{
    private const int Datagrams = 200_000;

    /// <summary>Worst case by the default limits: plain tail, 8 reassemblies, 65 waiting and 4 held records.</summary>
    private const int StateBound = 1024 * 1024;

    [Fact]
    public void Random_and_mutated_datagrams_never_throw_and_state_stays_bounded()
    {
        var seeds = new List<byte[]>();
        foreach (var file in new[] { "plain.jsonl", "extended.jsonl", "zoo/oops-extended/oops-extended.jsonl", "zoo/bug-plain/bug-plain.jsonl" })
        {
            seeds.AddRange(Captures.Load(file).Select(d => d.Payload));
        }

        var random = new Random(20261127);
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        var now = Wire.T0;
        var largestState = 0;
        for (var i = 0; i < Datagrams; i++)
        {
            var datagram = Mutate(seeds, random);
            now = now.AddMilliseconds(random.Next(0, 3));
            decoder.Accept(datagram, now, lines);
            if (i % 97 == 0)
            {
                decoder.Tick(now, lines);
            }

            if (i % 2000 == 0)
            {
                var state = decoder.State.ToBytes();
                largestState = Math.Max(largestState, state.Length);
                Assert.True(state.Length < StateBound, $"state {state.Length} bytes after {i}");

                // Resuming from any of these states must work too.
                decoder = new NetconsoleDecoder(NetconsoleOptions.Default, NetconsoleState.FromBytes(state));
            }

            foreach (var line in lines)
            {
                Assert.True(line.Text.IndexOf('\n', StringComparison.Ordinal) < 0, line.Text);
            }

            lines.Clear();
        }

        decoder.Flush(now, lines);
        Assert.Equal(0, decoder.State.PendingCount);
        var counters = decoder.Counters;
        Assert.Equal(Datagrams, counters.Datagrams);
        Assert.True(counters.Malformed > 0 && counters.ExtendedDatagrams > 0 && counters.PlainDatagrams > 0);
        output.WriteLine($"FIGURE bad inputs: {Datagrams} random and mutated netconsole datagrams decoded without an exception ({counters.Malformed} counted malformed, state at most {largestState} bytes)");
    }

    private static byte[] Mutate(List<byte[]> seeds, Random random)
    {
        var seed = seeds[random.Next(seeds.Count)];
        switch (random.Next(10))
        {
            case 0:
                {
                    var bytes = new byte[random.Next(0, 1200)];
                    random.NextBytes(bytes);
                    return bytes;
                }

            case 1:
                return seed[..random.Next(0, seed.Length + 1)];

            case 2:
                {
                    var other = seeds[random.Next(seeds.Count)];
                    return [.. seed[..random.Next(0, seed.Length + 1)], .. other[random.Next(0, other.Length + 1)..]];
                }

            case 3:
                {
                    // Header digits rewritten: seq jumps, absurd ncfrag numbers, huge levels.
                    var bytes = (byte[])seed.Clone();
                    for (var k = 0; k < 3; k++)
                    {
                        var at = random.Next(0, Math.Min(40, bytes.Length) + 1);
                        if (at < bytes.Length && bytes[at] >= (byte)'0' && bytes[at] <= (byte)'9')
                        {
                            bytes[at] = (byte)('0' + random.Next(10));
                        }
                    }

                    return bytes;
                }

            case 4:
                return random.Next(2000) == 0 ? new byte[65507] : seed;

            case 5:
                {
                    var bytes = (byte[])seed.Clone();
                    if (bytes.Length > 0)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)"\0\\;,\n\xff"[random.Next(6)];
                    }

                    return bytes;
                }

            case 6:
                {
                    var body = new byte[random.Next(1, 300)];
                    random.NextBytes(body);
                    var total = random.Next(-5, 20000);
                    var offset = random.Next(-5, 20000);
                    return [.. Wire.Bytes($"6,{random.Next(0, 600)},1,{"-c+"[random.Next(3)]},ncfrag={offset}/{total};"), .. body];
                }

            default:
                {
                    var bytes = (byte[])seed.Clone();
                    var flips = random.Next(1, 9);
                    for (var k = 0; k < flips && bytes.Length > 0; k++)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    return bytes;
                }
        }
    }
}
