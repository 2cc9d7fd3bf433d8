using System.Diagnostics;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class SyslogThroughputTests(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public void Rfc3164_messages_per_second()
    {
        var messages = new[]
        {
            Wire.Bytes("<30>Nov 26 12:00:00 node17 systemd[1]: Started Session 4 of user root."),
            Wire.Bytes("<4>Nov 26 12:00:01 node17 kernel: [   12.345678] usb 1-1: new high-speed USB device number 2 using xhci_hcd"),
            Wire.Bytes("<86>Nov 26 12:00:02 node18 sshd[1234]: Accepted publickey for root from 10.0.0.1 port 50022 ssh2"),
            Wire.Bytes("<13>Nov  6 12:00:03 node19 app: hello world"),
        };
        Measure("RFC 3164, UTC", new SyslogParser(), messages);
        Measure("RFC 3164, Europe/Paris", new SyslogParser(new SyslogOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris") }), messages);
        Measure(
            "RFC 5424, UTC",
            new SyslogParser(),
            [Wire.Bytes("<13>1 2026-11-26T23:58:07.254284+00:00 vm app 6438 ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"] hello world")]);
    }

    private void Measure(string name, SyslogParser parser, byte[][] messages)
    {
        var at = Wire.Received;
        for (var i = 0; i < 200_000; i++)
        {
            parser.Parse(messages[i % messages.Length], at);
        }

        const int Count = 2_000_000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        long sink = 0;
        for (var i = 0; i < Count; i++)
        {
            sink += parser.Parse(messages[i % messages.Length], at).Text.Length;
        }

        watch.Stop();
        var perMessage = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Count;
        var rate = Count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{name}: {rate:N0} messages/s, {perMessage:N0} bytes allocated per message ({sink})");
        Assert.True(rate > 0);
    }
}
