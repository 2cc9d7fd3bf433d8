using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class ExtendedDecodingTests
{
    [Fact]
    public void Fields_come_from_the_header_and_the_text_is_unescaped()
    {
        var line = Assert.Single(Wire.Run([Wire.Bytes("12,42,7069829,-;tab[\\x09] back\\x5cslash \\xc3\\xa9t\\xc3\\xa9 \\xzz\n")]));
        Assert.Equal("tab[\t] back\\slash été \\xzz", line.Text);
        Assert.Equal(4, line.Level);
        Assert.Equal(1, line.Facility);
        Assert.Equal(42, line.Seq);
        Assert.Equal(7_069_829, line.KernelTimeUs);
        Assert.Null(line.Caller);
        Assert.Equal(LogStream.Kernel, line.Stream);
        Assert.Equal(LineFlags.None, line.Flags);
    }

    [Fact]
    public void Release_prefix_caller_and_unknown_fields()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [
            Wire.Bytes("6.4.0,6,0,100,-,caller=T123;first\n"),
            Wire.Bytes("6.4.0,6,1,200,-,future=x,caller=C4,more;second\n"),
        ]);
        Assert.Equal(["first", "second"], lines.Texts());
        Assert.Equal("T123", lines[0].Caller);
        Assert.Equal("C4", lines[1].Caller);
        Assert.Equal([0L, 1L], lines.Select(l => l.Seq));
        Assert.Equal(0, decoder.Boot);
    }

    [Fact]
    public void An_escaped_newline_makes_one_line_per_part_and_the_dictionary_is_dropped()
    {
        var lines = Wire.Run([Wire.Bytes("14,377,6149687,-;part 1/3\\x0apart 2/3\\x0apart 3/3\n SUBSYSTEM=pci\n DEVICE=+pci:0000:00:01.3\n")]);
        Assert.Equal(["part 1/3", "part 2/3", "part 3/3"], lines.Texts());
        Assert.All(lines, l => Assert.Equal(377, l.Seq));
    }

    [Fact]
    public void A_continuation_is_merged_into_the_previous_line_of_its_caller()
    {
        var lines = Wire.Run([
            Wire.Ext(10, "Hello", fields: ",caller=T1"),
            Wire.Ext(11, "Other", fields: ",caller=T2"),
            Wire.Ext(12, ", world", flag: 'c', fields: ",caller=T1"),
            Wire.Ext(13, "!", flag: 'c', fields: ",caller=T1"),
            Wire.Ext(14, " cont of T2", flag: 'c', fields: ",caller=T2"),
            Wire.Ext(15, "orphan", flag: 'c', fields: ",caller=T9"),
        ]);
        Assert.Equal(["Hello, world!", "Other cont of T2", "orphan"], lines.Texts());
        Assert.Equal([LineFlags.Continued, LineFlags.Continued, LineFlags.None], lines.Select(l => l.Flags));
        Assert.Equal([10L, 11L, 15L], lines.Select(l => l.Seq));
    }

    [Fact]
    public void Continuations_without_caller_merge_into_the_previous_record()
    {
        var lines = Wire.Run([Wire.Ext(1, "a"), Wire.Ext(2, "b", flag: 'c'), Wire.Ext(3, "c")]);
        Assert.Equal(["ab", "c"], lines.Texts());
    }

    [Fact]
    public void The_plus_flag_of_old_kernels_continues_and_then_c_starts_a_line()
    {
        var lines = Wire.Run([Wire.Ext(1, "a"), Wire.Ext(2, "b", flag: '+'), Wire.Ext(3, "x", flag: 'c'), Wire.Ext(4, "y", flag: '+'), Wire.Ext(5, "z")]);
        Assert.Equal(["ab", "xy", "z"], lines.Texts());
    }

    [Fact]
    public void Merging_can_be_disabled()
    {
        var lines = Wire.Run([Wire.Ext(1, "a"), Wire.Ext(2, "b", flag: 'c')], NetconsoleOptions.Default with { ContinuationWindow = 0 });
        Assert.Equal(["a", "b"], lines.Texts());
    }

    [Fact]
    public void Records_are_reordered_by_seq_and_duplicates_dropped()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [Wire.Ext(0, "r0"), Wire.Ext(2, "r2"), Wire.Ext(1, "r1"), Wire.Ext(2, "r2"), Wire.Ext(0, "r0"), Wire.Ext(3, "r3"), Wire.Ext(1, "r1")]);
        Assert.Equal(["r0", "r1", "r2", "r3"], lines.Texts());
        Assert.Equal(3, decoder.Counters.DuplicatesDropped);
        Assert.Equal(0, decoder.Counters.Reboots);
    }

    [Fact]
    public void A_gap_holds_later_records_until_the_reorder_timeout()
    {
        var options = NetconsoleOptions.Default with { ReorderTimeout = TimeSpan.FromMilliseconds(200), ContinuationWindow = 0 };
        var decoder = new NetconsoleDecoder(options);
        var lines = new List<LogLine>();
        decoder.Accept(Wire.Ext(0, "r0"), Wire.T0, lines);
        decoder.Accept(Wire.Ext(2, "r2"), Wire.T0.AddMilliseconds(10), lines);
        Assert.Equal(["r0"], lines.Texts());
        decoder.Tick(Wire.T0.AddMilliseconds(210), lines);
        Assert.Equal(["r0"], lines.Texts());
        decoder.Tick(Wire.T0.AddMilliseconds(211), lines);
        Assert.Equal(["r0", "r2"], lines.Texts());
        Assert.Equal(1, decoder.Counters.SeqGapsSkipped);

        // The skipped seq turning up later is kept, out of order, and counted.
        decoder.Accept(Wire.Ext(1, "r1"), Wire.T0.AddMilliseconds(300), lines);
        Assert.Equal(["r0", "r2", "r1"], lines.Texts());
        Assert.Equal(1, decoder.Counters.LateRecords);
    }

    [Fact]
    public void A_full_window_releases_without_waiting()
    {
        var options = NetconsoleOptions.Default with { ReorderWindow = 4, ContinuationWindow = 0 };
        var decoder = new NetconsoleDecoder(options);
        var lines = new List<LogLine>();
        decoder.Accept(Wire.Ext(0, "r0"), Wire.T0, lines);
        foreach (var seq in new[] { 2, 3, 4, 5 })
        {
            decoder.Accept(Wire.Ext(seq, "r" + seq), Wire.T0, lines);
        }

        Assert.Equal(["r0"], lines.Texts());
        decoder.Accept(Wire.Ext(6, "r6"), Wire.T0, lines);
        Assert.Equal(["r0", "r2", "r3", "r4", "r5", "r6"], lines.Texts());
    }

    [Fact]
    public void The_first_record_waits_for_the_window_unless_it_is_seq_0()
    {
        var options = NetconsoleOptions.Default with { ContinuationWindow = 0 };
        var decoder = new NetconsoleDecoder(options);
        var lines = new List<LogLine>();
        decoder.Accept(Wire.Ext(368, "b"), Wire.T0, lines);
        decoder.Accept(Wire.Ext(367, "a"), Wire.T0.AddMilliseconds(5), lines);
        Assert.Empty(lines);
        decoder.Tick(Wire.T0.AddMilliseconds(201), lines);
        Assert.Equal(["a", "b"], lines.Texts());
        Assert.Equal(0, decoder.Counters.SeqGapsSkipped);

        decoder = new NetconsoleDecoder(options);
        lines.Clear();
        decoder.Accept(Wire.Ext(0, "Linux version x"), Wire.T0, lines);
        Assert.Equal(["Linux version x"], lines.Texts());
    }

    [Fact]
    public void Held_lines_wait_for_a_continuation_until_the_timeout()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = new List<LogLine>();
        decoder.Accept(Wire.Ext(0, "Linux version x"), Wire.T0, lines);
        Assert.Empty(lines);
        decoder.Tick(Wire.T0.AddMilliseconds(201), lines);
        Assert.Single(lines);
    }

    [Fact]
    public void A_large_backward_jump_is_a_reboot()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 });
        var datagrams = Enumerable.Range(1000, 5).Select(s => Wire.Ext(s, "old " + s)).Append(Wire.Ext(367, "new 367")).Append(Wire.Ext(368, "new 368"));
        var lines = Wire.Run(decoder, datagrams);
        Assert.Equal(["old 1000", "old 1001", "old 1002", "old 1003", "old 1004", "new 367", "new 368"], lines.Texts());
        Assert.Equal([0, 0, 0, 0, 0, 1, 1], lines.Select(l => l.Boot));
        Assert.Equal(1, decoder.Boot);
        Assert.Equal(1, decoder.Counters.Reboots);
    }

    [Fact]
    public void A_lone_stale_record_far_behind_is_a_duplicate_not_a_reboot()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 });
        var datagrams = Enumerable.Range(1000, 100).Select(s => Wire.Ext(s, "r" + s)).Append(Wire.Ext(1003, "r1003")).Append(Wire.Ext(1100, "r1100"));
        var lines = Wire.Run(decoder, datagrams);
        Assert.Equal(Enumerable.Range(1000, 101).Select(s => "r" + s), lines.Texts());
        Assert.Equal(0, decoder.Boot);
        Assert.Equal(1, decoder.Counters.DuplicatesDropped);
    }

    [Fact]
    public void A_lone_record_far_behind_then_silence_is_a_reboot_after_the_timeout()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 });
        var lines = new List<LogLine>();
        foreach (var seq in Enumerable.Range(1000, 3))
        {
            decoder.Accept(Wire.Ext(seq, "old"), Wire.T0, lines);
        }

        decoder.Tick(Wire.T0.AddMilliseconds(300), lines);
        Assert.Equal(3, lines.Count);
        decoder.Accept(Wire.Ext(367, "new boot"), Wire.T0.AddSeconds(1), lines);
        decoder.Tick(Wire.T0.AddSeconds(1).AddMilliseconds(200), lines);
        Assert.Equal(0, decoder.Boot);
        Assert.Equal(1, decoder.State.PendingCount);
        var resumed = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 }, NetconsoleState.FromBytes(decoder.State.ToBytes()));
        resumed.Tick(Wire.T0.AddSeconds(1).AddMilliseconds(201), lines);
        Assert.Equal(1, resumed.Boot);

        // Reboot first, then the record waits as the first of its boot.
        resumed.Tick(Wire.T0.AddSeconds(1).AddMilliseconds(402), lines);
        Assert.Equal(("new boot", 1, 367L), (lines[^1].Text, lines[^1].Boot, lines[^1].Seq));
    }

    [Fact]
    public void A_release_change_is_a_reboot()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [Wire.Bytes("6.1.0,6,500,1,-;a\n"), Wire.Bytes("6.1.0,6,501,1,-;b\n"), Wire.Bytes("6.2.0,6,502,1,-;c\n")]);
        Assert.Equal([0, 0, 1], lines.Select(l => l.Boot));
        Assert.Equal(1, decoder.Counters.Reboots);
        Assert.Equal("6.2.0", decoder.Release);
    }

    [Fact]
    public void A_banner_at_seq_0_after_a_short_boot_is_a_reboot_but_its_duplicate_is_not()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var banner = Wire.Ext(0, "Linux version 6.1.0-56-amd64 (x)", priority: 5);
        var lines = Wire.Run(decoder, [banner, Wire.Ext(1, "a"), banner, Wire.Ext(2, "b")]);
        Assert.Equal(0, decoder.Boot);
        Assert.Equal(1, decoder.Counters.DuplicatesDropped);

        // Within the duplicate horizon a seq-0 banner reads as a duplicate; otherwise it starts a boot.
        decoder = new NetconsoleDecoder(NetconsoleOptions.Default with { ContinuationWindow = 0 });
        lines = Wire.Run(decoder, [Wire.Ext(5, "old 5"), Wire.Ext(6, "old 6"), banner, Wire.Ext(1, "new a")]);
        Assert.Equal(1, decoder.Boot);
        Assert.Equal(["old 5", "old 6", "Linux version 6.1.0-56-amd64 (x)", "new a"], lines.Texts());
        Assert.Equal([0, 0, 1, 1], lines.Select(l => l.Boot));
    }

    [Fact]
    public void Msgid_gaps_count_wire_losses()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        Wire.Run(decoder, [
            Wire.Bytes("6,10,1,-;a\n cpu=0\n msgid=100\n"),
            Wire.Bytes("6,11,1,-;b\n msgid=101\n"),
            Wire.Bytes("6,14,1,-;e\n msgid=104\n"),
            Wire.Bytes("6,12,1,-;c\n msgid=102\n"),
            Wire.Bytes("6,15,1,-;f\n msgid=3\n"),
            Wire.Bytes("6,16,1,-;g\n msgid=5\n"),
        ]);
        Assert.Equal(2, decoder.Counters.WireLost);
    }
}
