using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

/// <summary>
/// Per-node limits of the decoder not covered elsewhere, each exceeded and its counted outcome checked: the open
/// extended records held behind a gap, and the plain line being assembled.
/// </summary>
public sealed class DecoderLimitTests
{
    [Fact]
    public void Open_records_beyond_the_reorder_window_release_the_gap_and_count_it()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ReorderWindow = 4, ContinuationWindow = 0 });
        var lines = new List<LogLine>();
        decoder.Accept(Wire.Ext(0, "r0"), Wire.T0, lines);
        foreach (var seq in new[] { 2, 3, 4, 5 })
        {
            decoder.Accept(Wire.Ext(seq, "r" + seq), Wire.T0, lines);
        }

        Assert.Equal(0, decoder.Counters.SeqGapsSkipped); // 4 open records: within the window, waiting for r1
        Assert.Equal(4, decoder.State.PendingCount);
        decoder.Accept(Wire.Ext(6, "r6"), Wire.T0, lines);
        Assert.Equal(["r0", "r2", "r3", "r4", "r5", "r6"], lines.Texts());
        Assert.Equal(1, decoder.Counters.SeqGapsSkipped);
        Assert.Equal(0, decoder.State.PendingCount);
    }

    [Fact]
    public void A_plain_line_over_the_limit_is_cut_flagged_and_counted_and_the_count_survives_a_resume()
    {
        var options = NetconsoleOptions.Default with { MaxLineBytes = 100 };
        var decoder = new NetconsoleDecoder(options);
        var lines = Wire.Run(decoder, [Wire.Bytes(new string('a', 150)), Wire.Bytes(new string('b', 100) + "\n"), Wire.Bytes("short\n")]);

        Assert.Equal([LineFlags.Truncated, LineFlags.Truncated, LineFlags.None, LineFlags.None], lines.Select(l => l.Flags));
        Assert.Equal(new string('a', 100), lines[0].Text);
        Assert.Equal(250, lines.Take(3).Sum(l => l.Text.Length)); // cut, nothing thrown away
        Assert.Equal(2, decoder.Counters.LinesCut);
        Assert.Equal(0, decoder.Counters.Malformed);

        var resumed = new NetconsoleDecoder(options, NetconsoleState.FromBytes(decoder.State.ToBytes()));
        Assert.Equal(2, resumed.Counters.LinesCut);
    }

    [Fact]
    public void The_node_counters_name_every_limit_outcome()
    {
        var stream = new NodeStream(new NodeStreamOptions { Netconsole = NetconsoleOptions.Default with { MaxLineBytes = 10, MaxDatagramBytes = 50, MaxPendingFragmentedRecords = 1 } });
        var lines = new List<LogLine>();
        foreach (var datagram in new[] { "0123456789abcdef\n", new string('z', 60), "6,1,2,-,ncfrag=0/6;abc", "6,2,2,-,ncfrag=0/6;def" })
        {
            stream.Accept(Wire.Bytes(datagram), Wire.T0, DatagramTransport.Udp, lines);
        }

        var counters = stream.Counters();
        Assert.Equal(1, counters["netconsole.linesCut"]);
        Assert.Equal(1, counters["netconsole.malformed.oversize"]);
        Assert.Equal(1, counters["netconsole.fragmentsTimedOut"]);
    }
}
