using KrgLogs.Shared.Syslog;

namespace KrgLogs.Shared.Tests.Syslog;

public sealed class SyslogClassifierTests
{
    [Theory]
    [InlineData("<13>1 2026-11-26T23:58:07.254284+00:00 vm app - - [timeQuality tzKnown=\"1\"] hello")]
    [InlineData("<13>1 - - app - - - hi")]
    [InlineData("<13>1 -")]
    [InlineData("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% x")]
    [InlineData("<13>Nov 26 23:58:07 vm app: hello")]
    [InlineData("<13>Nov  6 23:58:07 vm app: hello")]
    [InlineData("<13>Nov 6 23:58:07 vm app: hello")]
    [InlineData("<4>Nov 26 12:00:00 node17 kernel: [   12.345678] text")]
    [InlineData("<13>Nov 26 12:00:00 su: msg")]
    [InlineData("<13>2026-11-26T12:00:00.123456+00:00 host tag: msg")]
    [InlineData("<0>Jan  1 00:00:00 h t: m")]
    [InlineData("<191>Dec 31 23:59:59 h t: m")]
    [InlineData("<13>: vendor message")]
    [InlineData("<189>123: *Mar  1 00:01:02.345 UTC: %SYS-5-CONFIG_I: Configured")]
    [InlineData("<189>58: %LINK-3-UPDOWN: Interface Gi0/1")]
    [InlineData("<13>Nov 26 2026 12:00:00 host app: x")]
    public void Syslog_messages_are_recognised(string datagram)
    {
        Assert.True(SyslogParser.LooksLikeSyslog(Wire.Bytes(datagram)));
    }

    [Theory]
    // Old do_syslog patch: "<5> " + line.
    [InlineData("<5> [   12.345678] usb 1-1: new high-speed USB device\n")]
    [InlineData("<5> Nov 26 12:00:00 looks like a date but a space follows the PRI")]
    [InlineData("<5> 1 - - - - - -")]
    // console_msg_format=syslog: "<N>" then the console line, no space.
    [InlineData("<6>[   12.345678] e1000e: eth0 NIC Link is Up\n")]
    [InlineData("<4>[ 4552.564718] ------------[ cut here ]------------")]
    [InlineData("<6>[    0.000000][    T0] Linux version 6.1.0")]
    // console_msg_format=syslog with printk.time=0: a kernel line is indistinguishable from "TAG: msg".
    [InlineData("<6>e1000e: eth0 NIC Link is Up")]
    [InlineData("<6>usb 1-1: new device")]
    [InlineData("<6>1 CPU online")]
    [InlineData("<6>12 CPUs online")]
    // Plain netconsole and extended netconsole.
    [InlineData("[   12.345678] text\n")]
    [InlineData("6,444,501151268,-;text\n")]
    [InlineData("6.4.0,6,444,501151268,-;text\n")]
    // Broken PRIs and short input.
    [InlineData("")]
    [InlineData("<")]
    [InlineData("<13>")]
    [InlineData("<13")]
    [InlineData("<>Nov 26 12:00:00 h t: m")]
    [InlineData("<192>Nov 26 12:00:00 h t: m")]
    [InlineData("<999>Nov 26 12:00:00 h t: m")]
    [InlineData("<0013>Nov 26 12:00:00 h t: m")]
    [InlineData("<13>1 hello world")]
    [InlineData("<13>Noc 26 12:00:00 h t: m")]
    [InlineData("<13>Nov 26 25:00:00 h t: m")]
    [InlineData("<13>Nov 32 12:00:00 h t: m")]
    [InlineData("<13>Nov 26 12:00")]
    [InlineData("<13>123: hello")]
    public void Netconsole_and_garbage_are_not_syslog(string datagram)
    {
        Assert.False(SyslogParser.LooksLikeSyslog(Wire.Bytes(datagram)));
    }
}
