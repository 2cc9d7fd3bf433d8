using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.Crashes;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Aggregator.Tests.Api;

public sealed class NodeGlanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    private static LogLine Kernel(double secondsAgo, int boot = 0) =>
        new("line", Now.AddSeconds(-secondsAgo), LogStream.Kernel, Boot: boot);

    private static LogLine Syslog(double secondsAgo) => new("syslog line", Now.AddSeconds(-secondsAgo), LogStream.Syslog);

    private static CrashDetected Crash(string node, double secondsAgo, string kind = "panic", bool panicked = true, int boot = 0)
    {
        var at = Now.AddSeconds(-secondsAgo);
        var report = new CrashReport(kind, $"{kind} title", "f", panicked, false, null, at, at, 0, 1, "text", null, boot);
        return new CrashDetected(CrashDetected.IdFor(node, report), node, report);
    }

    [Fact]
    public void A_node_that_spoke_recently_with_no_crash_and_no_reboot_in_sight_is_alive()
    {
        var summary = NodeGlance.Summarize("n1", Now.AddSeconds(-5), 3, [Kernel(30), Kernel(20), Kernel(5)], [], Now);

        Assert.Equal("alive", summary.State);
        Assert.Equal(3, summary.LinesPerMinute);
        Assert.Equal(Now.AddSeconds(-5), summary.LastLineAt);
        Assert.Equal(0, summary.Crashes);
        Assert.Null(summary.LastCrashTitle);
        Assert.Null(summary.BootedAt);
    }

    [Fact]
    public void A_node_without_a_line_for_more_than_two_minutes_is_silent()
    {
        var summary = NodeGlance.Summarize("n1", Now.AddMinutes(-3), 1, [Kernel(180)], [], Now);

        Assert.Equal("silent", summary.State);
        Assert.Equal(0, summary.LinesPerMinute);
    }

    [Fact]
    public void A_panic_in_the_current_boot_makes_the_node_crashed_and_is_its_last_crash()
    {
        var crashes = new[] { Crash("n1", 600, "warning", panicked: false), Crash("n1", 60), Crash("other", 1) };

        var summary = NodeGlance.Summarize("n1", Now.AddSeconds(-59), 10, [Kernel(70), Kernel(59)], crashes, Now);

        Assert.Equal("crashed", summary.State);
        Assert.Equal(2, summary.Crashes);
        Assert.Equal("panic title", summary.LastCrashTitle);
        Assert.Equal(Now.AddSeconds(-60), summary.LastCrashAt);
        Assert.Equal(crashes[1].Id, summary.LastCrashId);
    }

    [Fact]
    public void A_warning_alone_does_not_make_a_node_crashed()
    {
        var summary = NodeGlance.Summarize("n1", Now, 2, [Kernel(10), Kernel(0)], [Crash("n1", 10, "warning", panicked: false)], Now);

        Assert.Equal("alive", summary.State);
        Assert.Equal("warning title", summary.LastCrashTitle);
    }

    [Fact]
    public void A_node_that_came_back_in_a_new_boot_after_its_crash_shows_rebooted_and_when()
    {
        var tail = new[] { Kernel(300, boot: 0), Kernel(240, boot: 1), Syslog(100), Kernel(30, boot: 1) };

        var summary = NodeGlance.Summarize("n1", Now.AddSeconds(-30), 4, tail, [Crash("n1", 290, boot: 0)], Now);

        Assert.Equal("rebooted", summary.State);
        Assert.Equal(1, summary.Boot);
        Assert.Equal(Now.AddSeconds(-240), summary.BootedAt);
    }

    [Fact]
    public void Syslog_lines_carry_no_boot_and_are_no_reboot()
    {
        Assert.Null(NodeGlance.BootStart([Kernel(30, boot: 2), Kernel(20, boot: 2)]));
        var summary = NodeGlance.Summarize("n1", Now, 3, [Kernel(30, boot: 2), Syslog(20), Kernel(10, boot: 2)], [], Now);
        Assert.Equal("alive", summary.State);
        Assert.Equal(2, summary.Boot);
    }

    [Fact]
    public void A_full_sample_shorter_than_a_minute_is_scaled_to_a_minute()
    {
        // 200 lines over the last 10 s: 1200 a minute.
        var tail = Enumerable.Range(0, NodeGlance.TailSample).Select(i => Kernel(10 - (i * 10.0 / NodeGlance.TailSample))).ToList();

        Assert.Equal(1200, NodeGlance.LinesPerMinute(tail, Now));
        Assert.Equal(0, NodeGlance.LinesPerMinute([], Now));
    }
}
