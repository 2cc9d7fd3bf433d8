using System.Text.RegularExpressions;
using CsCheck;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

public sealed class ClassifyTests
{
    [Theory]
    [InlineData("6,380,7129659,-;text\n")]
    [InlineData("14,378,7069829,-,ncfrag=0/989;ncvm")]
    [InlineData("6.4.0,6,444,501151268,-;text")]
    [InlineData("6.12.0-rc1+,6,444,501151268,-;text")]
    [InlineData("4,1,2,c,caller=T123;x")]
    [InlineData("4,1,2,+;x")]
    [InlineData("4,1,2,-,caller=C4,future=1,flag;x")]
    [InlineData("4,1,2,-;")]
    public void Extended_headers_are_recognised(string datagram) =>
        Assert.Equal(NetconsoleFormat.Extended, NetconsoleDecoder.Classify(Wire.Bytes(datagram)));

    [Theory]
    [InlineData("12,34 things;")]
    [InlineData("12,34,56 things;")]
    [InlineData("1,2,3;x")]
    [InlineData("1,2,3,x;x")]
    [InlineData("1,2,3,--;x")]
    [InlineData("1,2,3,-,;x")]
    [InlineData("1,2,3,-,,a;x")]
    [InlineData("1,2,3,- ;x")]
    [InlineData(" 1,2,3,-;x")]
    [InlineData("1,2,3,-,a b;x")]
    [InlineData("a.b,1,2,3,-;x")]
    [InlineData("1.5,2,3,-;x")]
    [InlineData("99999,2,3,-;x")]
    [InlineData("1,-2,3,-;x")]
    [InlineData("1,2,1234567890123456789,-;x")]
    [InlineData("[    1.234567] a,b,c,-;d")]
    [InlineData("done, 3 of 4 ok; next")]
    [InlineData("<6>[    1.000000] hello\n")]
    [InlineData("<5>hello")]
    public void Console_text_that_resembles_a_header_stays_plain(string datagram) =>
        Assert.Equal(NetconsoleFormat.Plain, NetconsoleDecoder.Classify(Wire.Bytes(datagram)));

    [Fact]
    public void A_header_longer_than_any_kernel_writes_is_plain()
    {
        var datagram = "1,2,3,-," + string.Join(',', Enumerable.Repeat("k=v", 100)) + ";x";
        Assert.Equal(NetconsoleFormat.Plain, NetconsoleDecoder.Classify(Wire.Bytes(datagram)));
    }

    [Theory]
    [InlineData("<5> hello\n")]
    [InlineData("<5> [   12.345678] hello\n")]
    [InlineData("<13> x")]
    public void The_old_patch_is_recognised(string datagram) =>
        Assert.Equal(NetconsoleFormat.SyslogPatch, NetconsoleDecoder.Classify(Wire.Bytes(datagram)));

    [Fact]
    public void Empty_nul_and_invalid_utf8_are_malformed()
    {
        Assert.Equal(NetconsoleFormat.Malformed, NetconsoleDecoder.Classify([]));
        Assert.Equal(NetconsoleFormat.Malformed, NetconsoleDecoder.Classify("ab\0c"u8));
        Assert.Equal(NetconsoleFormat.Malformed, NetconsoleDecoder.Classify("6,1,2,-;a\0"u8));
        Assert.Equal(NetconsoleFormat.Malformed, NetconsoleDecoder.Classify([(byte)'a', 0xff, 0xfe, (byte)'b']));
        Assert.Equal(NetconsoleFormat.Malformed, NetconsoleDecoder.Classify([(byte)'a', 0xc3, (byte)'b']));
    }

    [Fact]
    public void A_character_cut_at_a_datagram_edge_is_still_plain()
    {
        var euro = Wire.Bytes("€"); // 3 bytes
        Assert.Equal(NetconsoleFormat.Plain, NetconsoleDecoder.Classify([.. "abc"u8, euro[0], euro[1]]));
        Assert.Equal(NetconsoleFormat.Plain, NetconsoleDecoder.Classify([euro[1], euro[2], .. "abc"u8]));
        Assert.Equal(NetconsoleFormat.Plain, NetconsoleDecoder.Classify([euro[2], .. "abc"u8, euro[0]]));
    }

    /// <summary>The header grammar of NETCONSOLE.md, as a reference for the hand-written parser.</summary>
    private static readonly Regex HeaderGrammar = new(
        @"^(?:(?=[^,;]*\.)[0-9][0-9A-Za-z._+~\-]{0,63},)?([0-9]{1,4}),[0-9]{1,18},[0-9]{1,18},[-c+](?:,[\x21-\x7e-[,;]]+)*;",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Text_is_extended_exactly_when_it_matches_the_header_grammar()
    {
        const string Alphabet = "0123456789,,,;-c+ .aT=x/";
        var text = Gen.Int[0, Alphabet.Length - 1].Array[1, 40].Select(ix => new string(ix.Select(i => Alphabet[i]).ToArray()));
        var headerish = Gen.Select(Gen.Int[0, 3000], Gen.Long[0, 99_999], Gen.Long[0, 99_999], Gen.Int[0, 3], text)
            .Select((level, seq, usec, flag, tail) => $"{level},{seq},{usec},{"-c+x"[flag]}{tail}");
        var extended = 0;
        Gen.OneOf(text, headerish).Sample(datagram =>
        {
            var match = HeaderGrammar.Match(datagram);
            var expected = match.Success && match.Length <= 257 && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 2047;
            var format = NetconsoleDecoder.Classify(Wire.Bytes(datagram));
            Assert.Equal(expected ? NetconsoleFormat.Extended : NetconsoleFormat.Plain, format);
            extended += expected ? 1 : 0;
        }, iter: 3000, threads: 1);
        Assert.InRange(extended, 10, 2990);
    }
}
