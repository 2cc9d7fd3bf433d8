using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class MalformedTests
{
    [Fact]
    public void Garbage_becomes_an_escaped_malformed_line_and_neighbours_survive()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var lines = Wire.Run(decoder, [
            Wire.Bytes("[    1.000000] half "),
            [0x01, 0x00, (byte)'A', (byte)'\\', 0xff, (byte)'\n'],
            [(byte)'x', 0xff, 0xfe, (byte)'y'],
            Wire.Bytes("line\n"),
        ]);
        Assert.Equal(["\\x01\\x00A\\x5c\\xff\\x0a", "x\\xff\\xfey", "[    1.000000] half line"], lines.Texts());
        Assert.Equal([LineFlags.Malformed, LineFlags.Malformed, LineFlags.None], lines.Select(l => l.Flags));
        Assert.Equal(1, decoder.Counters.MalformedFor(MalformedReason.NulByte));
        Assert.Equal(1, decoder.Counters.MalformedFor(MalformedReason.InvalidUtf8));
        Assert.Equal(2, decoder.Counters.Malformed);
    }

    [Fact]
    public void A_64_KiB_datagram_is_cut_flagged_and_counted()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        var big = new byte[65507];
        big.AsSpan().Fill((byte)'z');
        var line = Assert.Single(Wire.Run(decoder, [big]));
        Assert.Equal(LineFlags.Malformed | LineFlags.Truncated, line.Flags);
        Assert.Equal(NetconsoleOptions.Default.MaxMalformedBytes, line.Text.Length);
        Assert.Equal(1, decoder.Counters.MalformedFor(MalformedReason.Oversize));
    }

    [Fact]
    public void An_empty_datagram_is_counted_without_a_line()
    {
        var decoder = new NetconsoleDecoder(NetconsoleOptions.Default);
        Assert.Empty(Wire.Run(decoder, [[]]));
        Assert.Equal(1, decoder.Counters.MalformedFor(MalformedReason.Empty));
    }

    [Fact]
    public void Truncated_headers_are_plain_text_not_records()
    {
        var lines = Wire.Run([Wire.Bytes("6,380,71"), Wire.Bytes("6,380,7129659,-"), Wire.Bytes("\n")]);
        Assert.Equal(["6,380,716,380,7129659,-"], lines.Texts());
    }
}
