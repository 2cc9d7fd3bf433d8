using System.Text;
using CsCheck;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class SyslogFramingPropertyTests
{
    // Message bodies: any bytes for octet counting; no LF/NUL (the delimiters) and a '<' start for newline framing.
    private static readonly Gen<byte[]> AnyBody = Gen.Byte.Array[1, 60];

    private static readonly Gen<byte[]> LineBody =
        Gen.Byte.Where(b => b is not (byte)'\n' and not 0).Array[0, 60].Select(b => (byte[])[(byte)'<', .. b]);

    private static readonly Gen<int[]> Cuts = Gen.Int[0, 10_000].Array[0, 12];

    private static List<SyslogFrame> FeedInPieces(byte[] stream, int[] cuts, int maxFrameBytes, bool flush) =>
        FeedInPieces(stream, cuts, maxFrameBytes, flush, out _);

    private static List<SyslogFrame> FeedInPieces(byte[] stream, int[] cuts, int maxFrameBytes, bool flush, out SyslogFraming framing)
    {
        framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = maxFrameBytes, MaxOctetCount = 200 });
        var frames = new List<SyslogFrame>();
        var points = cuts.Select(c => stream.Length == 0 ? 0 : c % (stream.Length + 1)).Order().ToList();
        var start = 0;
        foreach (var point in points.Append(stream.Length))
        {
            framing.Append(stream.AsSpan(start, point - start), frames);
            start = point;
        }

        if (flush)
        {
            framing.Flush(frames);
        }

        Assert.True(framing.PendingBytes <= maxFrameBytes);
        return frames;
    }

    private static void SameFrames(List<SyslogFrame> expected, List<SyslogFrame> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Bytes, actual[i].Bytes);
            Assert.Equal(expected[i].Flags, actual[i].Flags);
        }
    }

    [Fact]
    public void Any_split_of_an_octet_counted_stream_gives_the_same_frames()
    {
        Gen.Select(AnyBody.Array[1, 8], Cuts, Gen.Int[8, 80]).Sample((bodies, cuts, max) =>
        {
            var stream = bodies.SelectMany(b => Encoding.ASCII.GetBytes($"{b.Length} ").Concat(b)).ToArray();
            var whole = FeedInPieces(stream, [], max, flush: false);
            var split = FeedInPieces(stream, cuts, max, flush: false);

            SameFrames(whole, split);
            Assert.Equal(bodies.Length, whole.Count);
            for (var i = 0; i < bodies.Length; i++)
            {
                var kept = bodies[i].Length <= max ? bodies[i] : bodies[i][..max];
                Assert.Equal(kept, whole[i].Bytes);
                Assert.Equal(bodies[i].Length <= max ? LineFlags.None : LineFlags.Truncated, whole[i].Flags);
            }
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Any_split_of_a_newline_framed_stream_gives_the_same_frames()
    {
        Gen.Select(LineBody.Array[1, 8], Cuts, Gen.Int[8, 80], Gen.Bool).Sample((bodies, cuts, max, nul) =>
        {
            var delimiter = nul ? (byte)0 : (byte)'\n';
            var stream = bodies.SelectMany(b => b.Append(delimiter)).ToArray();
            var whole = FeedInPieces(stream, [], max, flush: true);
            var split = FeedInPieces(stream, cuts, max, flush: true);

            SameFrames(whole, split);
            Assert.Equal(bodies.Length, whole.Count);
            for (var i = 0; i < bodies.Length; i++)
            {
                var kept = bodies[i].Length <= max ? bodies[i] : bodies[i][..max];
                Assert.Equal(kept, whole[i].Bytes);
            }
        }, iter: 2_000, threads: 1);
    }

    [Fact]
    public void Any_split_of_any_bytes_gives_the_same_frames_and_counters()
    {
        // Bytes biased towards what the framer looks at, so lengths, garbage and resyncs all happen.
        var interesting = Gen.Frequency((3, Gen.Byte), (4, Gen.Byte[(byte)'0', (byte)'9']), (1, Gen.Const((byte)' ')), (1, Gen.Const((byte)'\n')), (1, Gen.Const((byte)'<')));
        Gen.Select(interesting.Array[0, 300], Cuts).Sample((stream, cuts) =>
        {
            var whole = FeedInPieces(stream, [], 32, flush: true, out var a);
            var split = FeedInPieces(stream, cuts, 32, flush: true, out var b);

            SameFrames(whole, split);
            Assert.Equal(
                (a.FrameCount, a.TruncatedFrames, a.OversizedFrames, a.GarbageLengths, a.IncompleteFrames, a.DiscardedBytes, a.Mode),
                (b.FrameCount, b.TruncatedFrames, b.OversizedFrames, b.GarbageLengths, b.IncompleteFrames, b.DiscardedBytes, b.Mode));
        }, iter: 3_000, threads: 1);
    }
}
