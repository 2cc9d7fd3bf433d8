using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class SyslogFramingTests
{
    private static List<SyslogFrame> Feed(SyslogFraming framing, params string[] chunks)
    {
        var frames = new List<SyslogFrame>();
        foreach (var chunk in chunks)
        {
            framing.Append(Encoding.UTF8.GetBytes(chunk), frames);
        }

        return frames;
    }

    private static string[] Texts(List<SyslogFrame> frames) => frames.Select(f => Encoding.UTF8.GetString(f.Bytes)).ToArray();

    [Fact]
    public void Octet_counted_frames_are_cut_by_length()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "10 <13>hello\n11 <13>a b\nc d");

        Assert.Equal(["<13>hello\n", "<13>a b\nc d"], Texts(frames));
        Assert.Equal(SyslogFramingMode.OctetCounting, framing.Mode);
        Assert.Equal(2, framing.FrameCount);
        Assert.All(frames, f => Assert.Equal(LineFlags.None, f.Flags));
    }

    [Fact]
    public void Logger_octet_count_output_is_one_frame()
    {
        // logger --octet-count --rfc5424 (util-linux 2.38)
        var body = "<13>1 2026-11-26T23:58:07.278454+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hi";
        var frames = Feed(new SyslogFraming(), $"{Encoding.UTF8.GetByteCount(body)} {body}");

        Assert.Equal([body], Texts(frames));
    }

    [Fact]
    public void Newline_framing_is_chosen_by_a_leading_angle_bracket()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "<13>one\n<13>tw", "o\r\n\n<13>three\0<13>four");

        Assert.Equal(["<13>one", "<13>two\r", "<13>three"], Texts(frames));
        Assert.Equal(SyslogFramingMode.NonTransparent, framing.Mode);
        Assert.Equal(8, framing.PendingBytes);

        framing.Flush(frames);
        Assert.Equal("<13>four", Texts(frames)[^1]);
        Assert.Equal(LineFlags.None, frames[^1].Flags);
        Assert.Equal(0, framing.PendingBytes);
    }

    [Fact]
    public void Newline_mode_keeps_digit_led_lines_as_lines()
    {
        var frames = Feed(new SyslogFraming(), "<13>multi\n2 lines later\n");

        Assert.Equal(["<13>multi", "2 lines later"], Texts(frames));
    }

    [Fact]
    public void Leading_blank_lines_do_not_decide_the_mode()
    {
        var framing = new SyslogFraming();
        Feed(framing, "\r\n\n", "5 <13>x");

        Assert.Equal(SyslogFramingMode.OctetCounting, framing.Mode);
        Assert.Equal(1, framing.FrameCount);
    }

    [Fact]
    public void Octet_mode_tolerates_a_newline_after_each_frame()
    {
        Assert.Equal(["<13>a", "<13>b"], Texts(Feed(new SyslogFraming(), "5 <13>a\n5 <13>b\n")));
    }

    [Fact]
    public void Oversized_octet_frame_is_cut_flagged_and_the_stream_stays_in_step()
    {
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = 8 });
        var frames = Feed(framing, "12 <13>abcdefgh", "5 <13>z");

        Assert.Equal(["<13>abcd", "<13>z"], Texts(frames));
        Assert.Equal([LineFlags.Truncated, LineFlags.None], frames.Select(f => f.Flags));
        Assert.Equal((1L, 1L, 4L), (framing.OversizedFrames, framing.TruncatedFrames, framing.DiscardedBytes));
    }

    [Fact]
    public void Frame_of_exactly_the_maximum_is_not_truncated()
    {
        var frames = Feed(new SyslogFraming(new SyslogOptions { MaxFrameBytes = 8 }), "8 <13>ab", "cd8 <13>abcd");

        Assert.Equal(["<13>abcd", "<13>abcd"], Texts(frames));
        Assert.All(frames, f => Assert.Equal(LineFlags.None, f.Flags));
    }

    [Fact]
    public void Oversized_line_is_cut_flagged_and_the_rest_skipped()
    {
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = 8 });
        var frames = Feed(framing, "<13>abcdef", "ghij", "kl\n<13>ok\n");

        Assert.Equal(["<13>abcd", "<13>ok"], Texts(frames));
        Assert.Equal([LineFlags.Truncated, LineFlags.None], frames.Select(f => f.Flags));
        Assert.Equal(8, framing.DiscardedBytes);
        Assert.True(framing.PendingBytes <= 8);
    }

    [Fact]
    public void Oversized_line_in_one_chunk_is_cut()
    {
        var frames = Feed(new SyslogFraming(new SyslogOptions { MaxFrameBytes = 4 }), "<13>abc\n<13>\n");

        Assert.Equal(["<13>", "<13>"], Texts(frames));
        Assert.Equal([LineFlags.Truncated, LineFlags.None], frames.Select(f => f.Flags));
    }

    [Fact]
    public void Garbage_length_resyncs_on_the_next_frame_after_a_newline()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "99999999999 <13>junk junk\n", "more junk\n<13>back\n");

        Assert.Equal(1, framing.GarbageLengths);
        Assert.Equal(["<13>back"], Texts(frames));
        Assert.Equal(SyslogFramingMode.NonTransparent, framing.Mode);
        Assert.False(framing.IsResyncing);
        Assert.Equal("99999999999 <13>junk junk\nmore junk\n".Length, framing.DiscardedBytes);
    }

    [Fact]
    public void Length_above_the_octet_limit_is_garbage_not_a_skip()
    {
        var framing = new SyslogFraming(new SyslogOptions { MaxOctetCount = 100_000 });
        var frames = Feed(framing, "100001 <13>x\n", "5 <13>y");

        Assert.Equal(1, framing.GarbageLengths);
        Assert.Equal(["<13>y"], Texts(frames));
        Assert.Equal(SyslogFramingMode.OctetCounting, framing.Mode);
    }

    [Theory]
    [InlineData("12x <13>x\n")]
    [InlineData("0 <13>x\n")]
    [InlineData("12\n")]
    [InlineData("5 <13>a<13>b\n")]
    public void Broken_octet_headers_count_as_garbage(string stream)
    {
        var framing = new SyslogFraming();
        Feed(framing, stream);

        Assert.Equal(1, framing.GarbageLengths);
    }

    [Fact]
    public void Octet_stream_without_newlines_stays_discarded_after_garbage()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "3x 5 <13>a5 <13>b");

        Assert.Empty(frames);
        Assert.True(framing.IsResyncing);
        Assert.Equal(0, framing.PendingBytes);
    }

    [Fact]
    public void Incomplete_octet_frame_at_close_is_emitted_truncated()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "20 <13>short");
        framing.Flush(frames);

        Assert.Equal(["<13>short"], Texts(frames));
        Assert.Equal(LineFlags.Truncated, frames[0].Flags);
        Assert.Equal((1L, 1L), (framing.IncompleteFrames, framing.TruncatedFrames));
    }

    [Fact]
    public void Length_without_body_at_close_is_counted_incomplete()
    {
        var framing = new SyslogFraming();
        var frames = Feed(framing, "20");
        framing.Flush(frames);

        Assert.Empty(frames);
        Assert.Equal(1, framing.IncompleteFrames);
    }

    [Fact]
    public void Pending_bytes_never_exceed_the_maximum()
    {
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = 64 });
        var frames = new List<SyslogFrame>();
        var chunk = Encoding.ASCII.GetBytes(new string('a', 50));
        framing.Append("<"u8, frames);
        for (var i = 0; i < 100; i++)
        {
            framing.Append(chunk, frames);
            Assert.True(framing.PendingBytes <= 64);
        }

        Assert.Single(frames);
    }

    [Fact]
    public void Callback_api_reports_flags_and_state()
    {
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = 4 });
        var seen = new List<(string, LineFlags)>();
        framing.Append("6 <13>ab3 <1>"u8, seen, static (list, frame, flags) => list.Add((Encoding.ASCII.GetString(frame), flags)));

        Assert.Equal([("<13>", LineFlags.Truncated), ("<1>", LineFlags.None)], seen);
    }
}
