using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class FragmentTests
{
    private static readonly byte[] EscapedBody = Wire.Bytes("ESCAPES " + string.Concat(Enumerable.Repeat("\\x5c", 300)) + " end\n SUBSYSTEM=pci\n");
    private static readonly string ExpectedText = "ESCAPES " + new string('\\', 300) + " end";

    [Fact]
    public void Fragments_out_of_order_duplicated_and_cut_inside_escapes_reassemble()
    {
        var cuts = new[] { 9, 10, 11, 400, 401, 1100 };
        var fragments = Wire.Fragments(42, EscapedBody, cuts);
        var shuffled = new[] { fragments[3], fragments[0], fragments[3], fragments[6], fragments[2], fragments[5], fragments[1], fragments[4], fragments[0] };
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var line = Assert.Single(Wire.Run(decoder, shuffled));
        Assert.Equal(ExpectedText, line.Text);
        Assert.Equal(42, line.Seq);
        Assert.Equal(LineFlags.None, line.Flags);
        Assert.Equal(0, decoder.Counters.Malformed);

        // A fragment of an already completed record is a duplicate (the last shuffled one was already).
        Assert.Empty(Wire.Run(decoder, [fragments[2]]));
        Assert.Equal(2, decoder.Counters.DuplicatesDropped);
    }

    [Fact]
    public void An_incomplete_record_is_released_after_the_timeout_with_what_came()
    {
        var fragments = Wire.Fragments(7, Wire.Bytes("first half|second half\n"), [11]);
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { FragmentTimeout = TimeSpan.FromMilliseconds(200), ContinuationWindow = 0 });
        var lines = new List<LogLine>();
        decoder.Accept(fragments[0], Wire.T0, lines);
        decoder.Tick(Wire.T0.AddMilliseconds(200), lines);
        Assert.Empty(lines);
        decoder.Tick(Wire.T0.AddMilliseconds(201), lines);

        // The reorder window also waited for it (first record), so it comes out at the same tick.
        decoder.Tick(Wire.T0.AddMilliseconds(402), lines);
        var line = Assert.Single(lines);
        Assert.Equal("first half|", line.Text);
        Assert.Equal(LineFlags.IncompleteFragment, line.Flags);
        Assert.Equal(7, line.Seq);
        Assert.Equal(1, decoder.Counters.FragmentsTimedOut);

        // The missing piece arriving later is a duplicate of a released seq.
        decoder.Accept(fragments[1], Wire.T0.AddMilliseconds(500), lines);
        Assert.Single(lines);
    }

    [Fact]
    public void A_gap_being_reassembled_holds_later_records()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 });
        var lines = new List<LogLine>();
        var fragments = Wire.Fragments(1, Wire.Bytes("long record\n"), [5]);
        decoder.Accept(Wire.Ext(0, "r0"), Wire.T0, lines);
        decoder.Accept(fragments[0], Wire.T0.AddMilliseconds(100), lines);
        decoder.Accept(Wire.Ext(2, "r2"), Wire.T0.AddMilliseconds(100), lines);
        decoder.Tick(Wire.T0.AddMilliseconds(250), lines);
        Assert.Equal(["r0"], lines.Texts());
        decoder.Accept(fragments[1], Wire.T0.AddMilliseconds(260), lines);
        Assert.Equal(["r0", "long record", "r2"], lines.Texts());
    }

    [Theory]
    [InlineData("6,1,2,-,ncfrag=5/4;abc")]
    [InlineData("6,1,2,-,ncfrag=0/3;abcdef")]
    [InlineData("6,1,2,-,ncfrag=0/0;a")]
    [InlineData("6,1,2,-,ncfrag=0/999999999;a")]
    [InlineData("6,1,2,-,ncfrag=x/3;a")]
    [InlineData("6,1,2,-,ncfrag=3;a")]
    [InlineData("6,1,2,-,ncfrag=0/3;")]
    public void Absurd_fragments_are_malformed_and_counted(string datagram)
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [Wire.Bytes(datagram)]);
        var line = Assert.Single(lines);
        Assert.Equal(LineFlags.Malformed, line.Flags);
        Assert.Equal(datagram, line.Text);
        Assert.Equal(1, decoder.Counters.MalformedFor(MalformedReason.BadFragment));
    }

    [Fact]
    public void A_fragment_whose_total_changed_is_malformed()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [Wire.Bytes("6,1,2,-,ncfrag=0/6;abc"), Wire.Bytes("6,1,2,-,ncfrag=3/7;defg"), Wire.Bytes("6,1,2,-,ncfrag=3/6;de\n")]);
        Assert.Equal(["6,1,2,-,ncfrag=3/7;defg", "abcde"], lines.Texts());
    }

    [Fact]
    public void Too_many_records_in_reassembly_release_the_oldest()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { MaxPendingFragmentedRecords = 2 });
        var lines = Wire.Run(decoder, [Wire.Bytes("6,1,2,-,ncfrag=0/6;abc"), Wire.Bytes("6,2,2,-,ncfrag=0/6;def"), Wire.Bytes("6,3,2,-,ncfrag=0/6;ghi")]);
        Assert.Equal(["abc", "def", "ghi"], lines.Texts());
        Assert.All(lines, l => Assert.Equal(LineFlags.IncompleteFragment, l.Flags));
        Assert.Equal(3, decoder.Counters.FragmentsTimedOut);
    }
}
