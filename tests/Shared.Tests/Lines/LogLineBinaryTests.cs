using CsCheck;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Lines;

public sealed class LogLineBinaryTests
{
    private static LogLine RoundTrip(LogLine line)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            LogLineBinary.Write(writer, line);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return LogLineBinary.Read(reader);
    }

    [Fact]
    public void Every_field_survives_the_binary_form()
    {
        var optionalText = Gen.String.Null();
        var gen =
            from text in Gen.String
            from ticks in Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks]
            from stream in Gen.Enum<LogStream>()
            from level in Gen.Int[-1, 7]
            from facility in Gen.Int[-1, 23]
            from kernelTime in Gen.Long[-1, long.MaxValue]
            from seq in Gen.Long[-1, long.MaxValue]
            from caller in optionalText
            from boot in Gen.Int[0, 1000]
            from host in optionalText
            from app in optionalText
            from procId in optionalText
            from flags in Gen.UShort
            select new LogLine(text, new DateTimeOffset(ticks, TimeSpan.Zero), stream, level, facility, kernelTime, seq, caller, boot, host, app, procId, (LineFlags)flags);

        gen.Sample(line => Assert.Equal(line, RoundTrip(line)));
    }
}
