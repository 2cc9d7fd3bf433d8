using System.Text;
using CsCheck;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class NetconsolePropertyTests
{
    // No ',', ';' or '<': re-chunked text must not form a record header or the old patch prefix by chance.
    private static readonly string[] Alphabet = ["a", "b", "z", "0", "7", " ", "[", "]", ".", ":", "é", "€", "😀", "\t", "x"];

    private static readonly string[] EscapedTokens = ["abc", " ", "\\x5c", "\\x0a", "\\x09", "\\xc3\\xa9", "\\xe2\\x82\\xac", "longer words here", "0123456789"];

    [Fact]
    public void Any_rechunking_of_a_plain_stream_gives_the_same_lines()
    {
        var line = Gen.Int[0, Alphabet.Length - 1].Array[0, 80].Select(ix => string.Concat(ix.Select(i => Alphabet[i])));
        var gen = Gen.Select(line.Array[1, 40], Gen.Int[1, 1000].Array[1, 60]);
        gen.Sample((lines, sizes) =>
        {
            var stream = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
            var chunks = new List<byte[]>();
            for (int at = 0, k = 0; at < stream.Length; k++)
            {
                var size = Math.Min(sizes[k % sizes.Length], stream.Length - at);
                chunks.Add(stream[at..(at + size)]);
                at += size;
            }

            var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
            var decoded = Wire.Run(decoder, chunks);
            Assert.Equal(lines, decoded.Texts());
            Assert.All(decoded, l => Assert.Equal(LineFlags.None, l.Flags));
            Assert.Equal(0, decoder.Counters.Malformed);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Any_shuffle_within_the_window_with_duplicates_gives_the_same_ordered_lines()
    {
        var gen = Gen.Select(Gen.Int[0, 1].Array[1, 150], Gen.Int[1, 32], Gen.Long[0, 1_000_000], Gen.Int, Gen.Int[0, 20]);
        gen.Sample((gaps, block, start, seed, duplicates) =>
        {
            var records = new List<(long Seq, byte[] Datagram)>();
            var seq = start;
            foreach (var gap in gaps)
            {
                seq += gap;
                var text = seq % 7 == 0 ? $"rec {seq}\\x0asecond line of {seq}" : $"rec {seq} \\x5c";
                records.Add((seq, Wire.Ext(seq, text, priority: (int)(seq % 16))));
                seq++;
            }

            var inOrder = Wire.Run(records.Select(r => r.Datagram));
            var random = new Random(seed);
            var shuffled = new List<byte[]>();
            for (var at = 0; at < records.Count; at += block)
            {
                var chunk = records.Skip(at).Take(block).Select(r => r.Datagram).ToList();
                for (var d = 0; d < duplicates && d < chunk.Count; d++)
                {
                    chunk.Add(chunk[random.Next(chunk.Count)]);
                }

                shuffled.AddRange(chunk.OrderBy(_ => random.Next()));
            }

            var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
            var decoded = Wire.Run(decoder, shuffled);
            Assert.Equal(inOrder, decoded);
            Assert.Equal(records.Sum(r => r.Seq % 7 == 0 ? 2 : 1), decoded.Count);
            Assert.Equal(records.Select(r => r.Seq), decoded.Select(l => l.Seq).Distinct());
            Assert.Equal(shuffled.Count - records.Count, decoder.Counters.DuplicatesDropped);
            Assert.Equal(0, decoder.Counters.Reboots);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Any_fragmentation_of_a_long_record_gives_the_same_record()
    {
        var body = Gen.Int[0, EscapedTokens.Length - 1].Array[1, 400].Select(ix => string.Concat(ix.Select(i => EscapedTokens[i])));
        var gen = Gen.Select(body, Gen.Bool, Gen.Double[0, 1].Array[0, 12], Gen.Int, Gen.Int[0, 6]);
        gen.Sample((text, dictionary, cutFractions, seed, duplicates) =>
        {
            var bytes = Wire.Bytes(text + "\n" + (dictionary ? " SUBSYSTEM=pci\n DEVICE=+pci:0000:00:01.3\n" : string.Empty));
            var whole = Wire.Run([[.. Wire.Bytes("6,42,1042,-;"), .. bytes]]);

            var cuts = cutFractions.Select(f => (int)(f * bytes.Length)).ToList();
            var fragments = Wire.Fragments(42, bytes, cuts);
            var random = new Random(seed);
            for (var d = 0; d < duplicates; d++)
            {
                fragments.Add(fragments[random.Next(fragments.Count)]);
            }

            var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
            var decoded = Wire.Run(decoder, fragments.OrderBy(_ => random.Next()));
            Assert.Equal(whole, decoded);
            Assert.Equal(Unescape(text).Split('\n'), decoded.Texts());
            Assert.All(decoded, l => Assert.Equal(LineFlags.None, l.Flags));
            Assert.Equal(0, decoder.Counters.FragmentsTimedOut);
            Assert.Equal(0, decoder.Counters.Malformed);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Resuming_from_the_state_at_any_point_gives_the_same_lines()
    {
        var sources = new[]
        {
            Captures.Load("plain.jsonl"),
            Captures.Load("extended.jsonl"),
            Reordered(Captures.Load("extended.jsonl")),
            Captures.Load("zoo/warn-extended/warn-extended.jsonl"),
            Synthetic(),
        };
        var gen = Gen.Select(Gen.Int[0, sources.Length - 1], Gen.Int[0, 1000].Array[1, 4], Gen.Int[1, 20], Gen.Int[0, 400]);
        gen.Sample((source, cutPoints, tickEvery, tickDelayMs) =>
        {
            var datagrams = sources[source];
            var cuts = cutPoints.Select(c => c % (datagrams.Count + 1)).ToHashSet();
            var straight = Replay(datagrams, [], tickEvery, tickDelayMs, out var straightDecoder);
            var resumed = Replay(datagrams, cuts, tickEvery, tickDelayMs, out var resumedDecoder);
            Assert.Equal(straight, resumed);
            Assert.Equal(straightDecoder.State.ToBytes(), resumedDecoder.State.ToBytes());
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void The_synthetic_stream_exercises_continuations_fragments_duplicates_and_a_reboot()
    {
        var lines = Replay(Synthetic(), [], 1, 0, out var decoder);
        // 105 is a 'c' record of T1: it joins T1's 102 across T2's 103 and the fragmented 104.
        Assert.Contains(lines, l => l.Flags == LineFlags.Continued && l.Text == "rec 102rec 105" && l.Seq == 102 && l.Caller == "T1");
        Assert.Contains(lines, l => l.Text == "fragmented 104 \\\\ end" && l.Seq == 104);
        Assert.Contains(lines, l => l.Text == "second" && l.Seq == 117);
        Assert.Equal(["Linux version 6.1.0 (x)", "after reboot", "never completed", "last"], lines.Where(l => l.Boot == 1).Texts());
        Assert.Equal(LineFlags.IncompleteFragment, lines.Single(l => l.Text == "never completed").Flags);
        Assert.True(decoder.Counters.DuplicatesDropped > 0);
        Assert.True(decoder.Counters.SeqGapsSkipped > 0);
        Assert.Equal(1, decoder.Counters.Reboots);
    }

    [Fact]
    public void A_state_with_everything_pending_round_trips_byte_for_byte()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        decoder.Accept("[    1.000000] partial é"u8, Wire.T0.ToOffset(TimeSpan.FromHours(2)), lines);
        decoder.Accept(Wire.Bytes("6.1.0,6,10,5,-,caller=T7;ten\n"), Wire.T0, lines);
        decoder.Accept(Wire.Ext(12, "twelve"), Wire.T0.AddMilliseconds(1), lines);
        decoder.Accept(Wire.Ext(11, "eleven", flag: 'c'), Wire.T0.AddMilliseconds(1), lines);
        decoder.Accept(Wire.Ext(15, "fifteen"), Wire.T0.AddMilliseconds(1), lines);
        foreach (var fragment in Wire.Fragments(20, Wire.Bytes("abcdefghijklmnopqrstuvwxyz\n"), [3, 6, 9, 12]).Where((_, i) => i % 2 == 0))
        {
            decoder.Accept(fragment, Wire.T0.AddMilliseconds(2), lines);
        }

        var state = decoder.State;
        Assert.True(state.PendingCount >= 4, $"pending {state.PendingCount}");
        var bytes = state.ToBytes();
        var again = NetconsoleState.FromBytes(bytes);
        Assert.Equal(bytes, again.ToBytes());
        Assert.Equal(0, again.Boot);

        var resumed = new NetconsoleDecoder(NetconsoleOptions.Default, again);
        var a = new List<LogLine>(lines);
        var b = new List<LogLine>(lines);
        decoder.Flush(Wire.T0.AddSeconds(1), a);
        resumed.Flush(Wire.T0.AddSeconds(1), b);
        Assert.Equal(a, b);
        Assert.Equal(["ten", "eleven", "twelve", "fifteen", "abcghimnopqrstuvwxyz", "[    1.000000] partial é"], b.Texts());
        Assert.Equal(Wire.T0.ToOffset(TimeSpan.FromHours(2)), b[^1].ReceivedAt);
        Assert.Equal(decoder.Counters.Datagrams, resumed.Counters.Datagrams);
    }

    [Fact]
    public void Resuming_under_smaller_windows_loses_nothing()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [Wire.Ext(0, "r0"), Wire.Ext(1, "r1"), .. Enumerable.Range(3, 20).Select(s => Wire.Ext(s, "r" + s))], flush: false);
        Assert.Empty(lines);
        var smaller = NetconsoleOptions.Default with { ReorderWindow = 4, ContinuationWindow = 0 };
        var resumed = new NetconsoleDecoder(smaller, NetconsoleState.FromBytes(decoder.State.ToBytes()));
        resumed.Accept(Wire.Ext(23, "r23"), Wire.T0, lines);
        resumed.Flush(Wire.T0, lines);
        Assert.Equal(Enumerable.Range(0, 24).Where(s => s != 2).Select(s => "r" + s), lines.Texts());
    }

    [Fact]
    public void An_empty_state_is_small_and_an_unknown_version_is_refused()
    {
        Assert.True(NetconsoleState.Initial.ToBytes().Length < 40);
        var bytes = NetconsoleState.Initial.ToBytes();
        bytes[0] = 99;
        Assert.Throws<InvalidDataException>(() => NetconsoleState.FromBytes(bytes));
    }

    private static List<LogLine> Replay(IReadOnlyList<CaptureDatagram> datagrams, HashSet<int> cuts, int tickEvery, int tickDelayMs, out NetconsoleDecoder decoder)
    {
        decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        for (var i = 0; i < datagrams.Count; i++)
        {
            if (cuts.Contains(i))
            {
                decoder = new NetconsoleDecoder(NetconsoleOptions.Default, NetconsoleState.FromBytes(decoder.State.ToBytes()));
            }

            decoder.Accept(datagrams[i].Payload, datagrams[i].ReceivedAt, lines);
            if (i % tickEvery == 0)
            {
                decoder.Tick(datagrams[i].ReceivedAt.AddMilliseconds(tickDelayMs), lines);
            }
        }

        if (cuts.Contains(datagrams.Count))
        {
            decoder = new NetconsoleDecoder(NetconsoleOptions.Default, NetconsoleState.FromBytes(decoder.State.ToBytes()));
        }

        decoder.Flush(datagrams[^1].ReceivedAt, lines);
        return lines;
    }

    /// <summary>Continuations of two callers, gaps, duplicates, fragments, a reboot, slow arrivals, plain tails.</summary>
    private static List<CaptureDatagram> Synthetic()
    {
        var result = new List<CaptureDatagram>();
        var at = Wire.T0;
        void Add(byte[] payload, int afterMs)
        {
            at = at.AddMilliseconds(afterMs);
            result.Add(new CaptureDatagram(payload, at));
        }

        for (var seq = 100; seq < 160; seq++)
        {
            var caller = seq % 3 == 0 ? "T1" : "T2";
            var flag = seq % 4 == 1 ? 'c' : '-';
            if (seq % 11 == 0)
            {
                continue; // a filtered loglevel
            }

            if (seq % 13 == 0)
            {
                foreach (var fragment in Wire.Fragments(seq, Wire.Bytes($"fragmented {seq} \\x5c\\x5c end\\x0asecond\n"), [5, 14, 15]).AsEnumerable().Reverse())
                {
                    Add(fragment, 30);
                }

                continue;
            }

            Add(Wire.Ext(seq, $"rec {seq}", flag: flag, fields: ",caller=" + caller), seq % 7 == 0 ? 250 : 1);
            if (seq % 9 == 0)
            {
                Add(Wire.Ext(seq - 1, $"rec {seq - 1}", fields: ",caller=" + caller), 1);
            }
        }

        Add(Wire.Bytes("[    1.000000] a plain tail "), 10);
        Add(Wire.Bytes("that ends later\n"), 1500);
        Add(Wire.Ext(0, "Linux version 6.1.0 (x)", priority: 5), 5);
        Add(Wire.Ext(2, "after reboot"), 5);
        Add(Wire.Bytes("6,3,1,-,ncfrag=0/40;never completed"), 5);
        Add(Wire.Ext(4, "last"), 5);
        return result;
    }

    /// <summary>Blocks of 5 reversed and one datagram in 9 sent twice: what a busy network does.</summary>
    private static List<CaptureDatagram> Reordered(IReadOnlyList<CaptureDatagram> datagrams)
    {
        var result = new List<CaptureDatagram>();
        for (var at = 0; at < datagrams.Count; at += 5)
        {
            var block = datagrams.Skip(at).Take(5).Reverse().ToList();
            result.AddRange(block);
            if (at % 9 == 0)
            {
                result.Add(block[0]);
            }
        }

        return result;
    }

    private static string Unescape(string escaped)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x')
            {
                bytes.Add(Convert.ToByte(escaped.Substring(i + 2, 2), 16));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
