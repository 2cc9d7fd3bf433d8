using System.Text;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Ingest;

/// <summary>
/// A node whose clocks jump (kernel time reset by a reboot, syslog dates far in the future or past, then normal)
/// still gets its lines in the order they arrived: the timestamps are kept as data, never used to sort.
/// </summary>
public sealed class ClockJumpTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Kernel_time_resets_and_syslog_dates_in_the_future_keep_arrival_order()
    {
        (string Payload, DatagramTransport Transport)[] arriving =
        [
            ("[ 5000.000000] step 0\n", DatagramTransport.Udp),
            ("<13>1 2099-01-01T00:00:00Z h app - - - step 1", DatagramTransport.Udp),
            ("[    0.000000] Linux version 6.1.0 (reboot) step 2\n", DatagramTransport.Udp),
            ("[    0.000001] step 3\n", DatagramTransport.Udp),
            ("<13>Dec 31 23:59:59 h app: step 4", DatagramTransport.TcpFrame),
            ("<13>1 1971-01-01T00:00:00Z h app - - - step 5", DatagramTransport.TcpFrame),
            ("[ 9999.000000] step 6\n", DatagramTransport.Udp),
            ("[    1.000000] step 7\n", DatagramTransport.Udp),
            ("<13>1 2026-11-27T08:00:08Z h app - - - step 8", DatagramTransport.Udp),
            ("[    2.000000] step 9\n", DatagramTransport.Udp),
        ];
        var stream = new NodeStream(new NodeStreamOptions());
        var lines = new List<LogLine>();
        for (var i = 0; i < arriving.Length; i++)
        {
            stream.Accept(Encoding.UTF8.GetBytes(arriving[i].Payload), At.AddSeconds(i), arriving[i].Transport, lines);
            stream.Tick(At.AddSeconds(i + 0.5), lines);
        }

        Assert.Equal(Enumerable.Range(0, arriving.Length).Select(i => $"step {i}"), lines.Select(l => l.Text[^6..]));
        Assert.Equal(Enumerable.Range(0, arriving.Length).Select(i => At.AddSeconds(i)), lines.Select(l => l.ReceivedAt));
        Assert.Equal(5_000_000_000, lines[0].KernelTimeUs); // the jumps are kept as data
        Assert.Equal(0, lines[2].KernelTimeUs);
        Assert.True(lines[3].Boot > lines[0].Boot, "the time reset with a boot banner is a reboot");
    }

    [Fact]
    public void Extended_records_after_a_reboot_restart_their_seq_and_stay_after_the_old_boot()
    {
        string[] arriving =
        [
            "6,500,5000000000,-;old boot 500",
            "6,501,5000000001,-;old boot 501",
            "6,0,0,-;Linux version 6.1.0 new boot",
            "6,1,1,-;new boot 1",
            "6,2,2,-;new boot 2",
        ];
        var stream = new NodeStream(new NodeStreamOptions());
        var lines = new List<LogLine>();
        for (var i = 0; i < arriving.Length; i++)
        {
            stream.Accept(Encoding.UTF8.GetBytes(arriving[i] + "\n"), At.AddSeconds(i), DatagramTransport.Udp, lines);
            stream.Tick(At.AddSeconds(i + 0.5), lines);
        }

        stream.Tick(At.AddMinutes(1), lines);
        Assert.Equal(["old boot 500", "old boot 501", "Linux version 6.1.0 new boot", "new boot 1", "new boot 2"], lines.Select(l => l.Text));
        Assert.Equal([0, 0, 1, 1, 1], lines.Select(l => l.Boot));
        Assert.True(lines.Zip(lines.Skip(1)).All(p => p.First.ReceivedAt <= p.Second.ReceivedAt));
    }
}
