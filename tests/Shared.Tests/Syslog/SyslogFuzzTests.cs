using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class SyslogFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        "<13>Nov 26 23:58:07 vm app: hello",
        "<13>Nov  6 23:58:07 vm app[12]: hello",
        "<4>Nov 26 12:00:00 node17 kernel: [   12.345678] text",
        "<13>1 2026-11-26T23:58:07.254284+00:00 vm app - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello",
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"][p@1 class=\"h\\]i\\\"\"] \uFEFFmsg",
        "<189>123: *Mar  1 00:01:02.345 UTC: %SYS-5-CONFIG_I: Configured",
        "<13>2026-11-26T12:00:00.123456+01:00 host tag: msg",
        "<13>: vendor",
        "<5> [   12.345678] netconsole old patch",
        "<6>[   12.345678] console_msg_format=syslog",
        "6,444,501151268,-;extended netconsole",
    ];

    [Fact]
    public void Random_and_mutated_messages_never_throw()
    {
        var random = new Random(20261127);
        var parser = new SyslogParser(new SyslogOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris") });
        var framing = new SyslogFraming(new SyslogOptions { MaxFrameBytes = 256, MaxOctetCount = 4096 });
        var frames = new List<SyslogFrame>();
        var lines = new List<LogLine>();
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var buffer = new byte[400];
        var receivedAt = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);

        for (var i = 0; i < 200_000; i++)
        {
            var length = Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            var message = buffer.AsSpan(0, length);

            _ = SyslogParser.LooksLikeSyslog(message);
            var m = parser.ParseMessage(message, receivedAt);
            Assert.DoesNotContain('\n', m.Line.Text);
            Assert.True(m.Line.Flags.HasFlag(LineFlags.FromSyslog));
            Assert.InRange(m.Line.Level, -1, 7);
            Assert.InRange(m.Line.Facility, -1, 23);

            lines.Clear();
            parser.ParseMessages(message, receivedAt, lines);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.DoesNotContain('\n', l.Text));

            framing.Append(message, frames);
            Assert.True(framing.PendingBytes <= 256);
            if (frames.Count > 1000)
            {
                frames.Clear();
            }
        }

        framing.Flush(frames);
        Assert.Equal(400_000, parser.Counters.Messages);
        output.WriteLine($"FIGURE bad inputs: 200000 random and mutated syslog messages parsed and framed without an exception ({parser.Counters.Malformed} counted malformed, {framing.OversizedFrames} frames cut at the frame limit)");
    }

    private static int Mutate(Random random, byte[] seed, byte[] buffer)
    {
        if (random.Next(8) == 0)
        {
            // Pure noise, sometimes with a PRI in front.
            var noise = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, noise));
            if (noise > 4 && random.Next(2) == 0)
            {
                "<13>"u8.CopyTo(buffer);
            }

            return noise;
        }

        var length = Math.Min(seed.Length, buffer.Length);
        seed.AsSpan(0, length).CopyTo(buffer);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && length > 0; e++)
        {
            var at = random.Next(length);
            switch (random.Next(5))
            {
                case 0:
                    buffer[at] = (byte)random.Next(256);
                    break;
                case 1:
                    length = at;
                    break;
                case 2:
                    buffer[at] = "<> :[]\"\\-0123456789\n\0"u8[random.Next(21)];
                    break;
                case 3 when length < buffer.Length:
                    buffer.AsSpan(at, length - at).CopyTo(buffer.AsSpan(at + 1));
                    buffer[at] = (byte)random.Next(256);
                    length++;
                    break;
                default:
                    buffer.AsSpan(at + 1, length - at - 1).CopyTo(buffer.AsSpan(at));
                    length--;
                    break;
            }
        }

        return length;
    }
}
