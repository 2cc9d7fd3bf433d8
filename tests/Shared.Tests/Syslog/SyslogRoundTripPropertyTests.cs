using System.Globalization;
using System.Text;
using CsCheck;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

/// <summary>Messages written the way senders write them read back to the same fields.</summary>
public sealed class SyslogRoundTripPropertyTests
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Gen<string> HostName = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.-"], 1, 24];

    private static readonly Gen<string> AppName = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./"], 1, 24];

    private static readonly Gen<string?> ProcId = Gen.Int[1, 4_194_304].Select(p => p.ToString(CultureInfo.InvariantCulture)).Null();

    // Any printable ASCII plus some UTF-8: the MSG is free text.
    private static readonly Gen<string> Text = Gen.String[Gen.OneOf(Gen.Char[' ', '~'], Gen.Char["éß€—ü"]), 0, 80];

    private static readonly DateTimeOffset Received = new(2026, 11, 26, 12, 0, 5, TimeSpan.Zero);

    // Past up to ~11 months, future up to 2 days (the 3-day tolerance), whole seconds as RFC 3164 has no fraction.
    private static readonly Gen<DateTimeOffset> Stamp = Gen.Long[-330L * 86_400, 2L * 86_400].Select(s => Received.AddSeconds(s - (s % 1)));

    [Fact]
    public void Rfc3164_fields_read_back()
    {
        Gen.Select(Gen.Int[8, 191], Stamp, HostName, AppName, ProcId, Text).Sample((pri, stamp, host, app, pid, text) =>
        {
            var day = stamp.Day < 10 ? " " + stamp.Day.ToString(CultureInfo.InvariantCulture) : stamp.Day.ToString(CultureInfo.InvariantCulture);
            var tag = pid is null ? app : $"{app}[{pid}]";
            var wire = $"<{pri}>{MonthNames[stamp.Month - 1]} {day} {stamp:HH:mm:ss} {host} {tag}: {text}";

            var m = SyslogParser.ParseMessage(Encoding.UTF8.GetBytes(wire), Received, SyslogOptions.Default);

            Assert.Equal(stamp, m.Timestamp);
            Assert.Equal((host, app, pid, text), (m.Line.Host, m.Line.App, m.Line.ProcId, m.Line.Text));
            Assert.Equal((pri & 7, pri >> 3), (m.Line.Level, m.Line.Facility));
            Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
            Assert.True(SyslogParser.LooksLikeSyslog(Encoding.UTF8.GetBytes(wire)));
        }, iter: 3_000, threads: 1);
    }

    [Fact]
    public void Rfc5424_fields_read_back()
    {
        var msgId = Gen.String[Gen.Char['!', '~'], 1, 32].Where(s => s != "-").Null();
        var paramValue = Gen.String[Gen.Char[' ', '~'], 0, 20];
        // A leading space of MSG is rsyslog's framing and is dropped (see SyslogParser.Read5424).
        var text5424 = Text.Where(t => !t.StartsWith(' '));
        Gen.Select(Gen.Int[0, 191], Stamp, HostName.Where(h => h != "-"), AppName.Where(a => a != "-"), ProcId, msgId, paramValue.Null(), text5424).Sample((pri, stamp, host, app, pid, id, value, text) =>
        {
            var escaped = value?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
            var sd = escaped is null ? "-" : $"[x@32473 v=\"{escaped}\"]";
            var wire = $"<{pri}>1 {stamp.AddTicks(1234):yyyy-MM-ddTHH:mm:ss.fffffffzzz} {host} {app} {pid ?? "-"} {id ?? "-"} {sd} {text}";

            var m = SyslogParser.ParseMessage(Encoding.UTF8.GetBytes(wire), Received, SyslogOptions.Default);

            Assert.Equal(stamp.AddTicks(1234), m.Timestamp);
            Assert.Equal((host, app, pid, id, text), (m.Line.Host, m.Line.App, m.Line.ProcId, m.MsgId, m.Line.Text));
            Assert.Equal(escaped is null ? null : sd, m.StructuredData);
            Assert.Equal(LineFlags.FromSyslog, m.Line.Flags);
            Assert.True(SyslogParser.LooksLikeSyslog(Encoding.UTF8.GetBytes(wire)));
        }, iter: 3_000, threads: 1);
    }
}
