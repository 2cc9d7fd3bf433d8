using CsCheck;
using KrgLogs.Shared.Ingest;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class NodeQuotaTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero).UtcTicks;

    private static readonly NodeQuotaOptions Small = new() { LinesPerSecond = 100, BytesPerSecond = 100_000, BurstSeconds = 2, LogEvery = TimeSpan.FromSeconds(10) };

    private static long At(double seconds) => T0 + (long)(seconds * TimeSpan.TicksPerSecond);

    [Fact]
    public void A_quiet_node_may_send_its_burst_at_once_then_only_its_rate()
    {
        var quota = new NodeQuota(Small);
        var admitted = Enumerable.Range(0, 500).Count(_ => quota.Admit("n1", 10, At(0)) == QuotaVerdict.Admitted);
        Assert.Equal(200, admitted); // 100 lines/s × 2 s of burst
        Assert.Equal(300, quota.DropsOf("n1").Lines);
        Assert.Equal(3000, quota.DropsOf("n1").Bytes);

        // Half a second later, half a second's worth refilled.
        var later = Enumerable.Range(0, 500).Count(_ => quota.Admit("n1", 10, At(0.5)) == QuotaVerdict.Admitted);
        Assert.Equal(50, later);
    }

    [Fact]
    public void The_byte_bucket_limits_big_datagrams_on_its_own()
    {
        var quota = new NodeQuota(Small with { LinesPerSecond = 0 });
        var admitted = Enumerable.Range(0, 100).Count(_ => quota.Admit("n1", 10_000, At(0)) == QuotaVerdict.Admitted);
        Assert.Equal(20, admitted); // 200,000 bytes of burst
        Assert.Equal(80 * 10_000, quota.DroppedBytes);
    }

    [Fact]
    public void A_flooding_node_costs_its_neighbours_nothing()
    {
        var quota = new NodeQuota(Small);
        var normalAdmitted = 0;
        for (var ms = 0; ms < 10_000; ms++)
        {
            // The flooder sends 20 times what each neighbour sends; neighbours stay under their rate.
            for (var i = 0; i < 2; i++)
            {
                quota.Admit("flooder", 100, At(ms / 1000.0));
            }

            if (ms % 20 == 0)
            {
                for (var n = 0; n < 5; n++)
                {
                    normalAdmitted += quota.Admit("node" + n, 100, At(ms / 1000.0)) == QuotaVerdict.Admitted ? 1 : 0;
                }
            }
        }

        Assert.Equal(5 * 500, normalAdmitted);
        Assert.Single(quota.Drops());
        var flooderDrops = quota.DropsOf("flooder").Lines;
        var flooderAdmitted = 20_000 - flooderDrops;
        Assert.InRange(flooderAdmitted, 200 + 100 * 10 - 2, 200 + 100 * 10 + 1); // burst + rate × time
    }

    [Fact]
    public void Only_the_first_drop_of_each_log_period_asks_for_a_log_line()
    {
        var quota = new NodeQuota(Small with { BurstSeconds = 0.01 });
        var verdicts = Enumerable.Range(0, 10).Select(_ => quota.Admit("n1", 1, At(0))).ToList();
        Assert.Equal(QuotaVerdict.Admitted, verdicts[0]);
        Assert.Equal(QuotaVerdict.DroppedReport, verdicts[1]);
        Assert.All(verdicts.Skip(2), v => Assert.Equal(QuotaVerdict.Dropped, v));

        // Ten seconds on: the bucket (one line) refilled, and the next drop is worth a log line again.
        Assert.Equal(QuotaVerdict.Admitted, quota.Admit("n1", 1, At(10.001)));
        Assert.Equal(QuotaVerdict.DroppedReport, quota.Admit("n1", 1, At(10.001)));
    }

    [Fact]
    public void A_clock_that_steps_back_refills_nothing_and_breaks_nothing()
    {
        var quota = new NodeQuota(Small);
        Assert.Equal(200, Enumerable.Range(0, 300).Count(_ => quota.Admit("n1", 1, At(100)) == QuotaVerdict.Admitted));
        Assert.Equal(0, Enumerable.Range(0, 300).Count(_ => quota.Admit("n1", 1, At(0)) == QuotaVerdict.Admitted));
        Assert.Equal(100, Enumerable.Range(0, 300).Count(_ => quota.Admit("n1", 1, At(101)) == QuotaVerdict.Admitted));
    }

    [Fact]
    public void Charged_frames_make_the_connection_wait_until_the_rate_paid_them_back()
    {
        var quota = new NodeQuota(Small);
        quota.Charge("tcp", 400, 1000, At(0));
        Assert.Equal(TimeSpan.FromSeconds(2), quota.Delay("tcp", At(0))); // 200 lines over the burst at 100/s
        Assert.Equal(TimeSpan.FromSeconds(1), quota.Delay("tcp", At(1)));
        Assert.Equal(TimeSpan.Zero, quota.Delay("tcp", At(2)));
        Assert.Equal(0, quota.DroppedLines);
    }

    [Fact]
    public void Tracked_nodes_stay_bounded_and_overflow_is_counted()
    {
        var quota = new NodeQuota(Small with { MaxNodes = 10, BurstSeconds = 1 });
        for (var n = 0; n < 25; n++)
        {
            for (var i = 0; i < 150; i++)
            {
                quota.Admit("n" + n, 1, At(0)); // all busy: none of them can be forgotten
            }
        }

        Assert.Equal(10, quota.TrackedNodes);
        Assert.Equal(15 * 150, quota.Untracked);
        Assert.Equal(10, quota.Drops().Count);

        // A second later every bucket is full again: the idle ones make room for new nodes.
        Assert.Equal(QuotaVerdict.Admitted, quota.Admit("late", 1, At(2)));
        Assert.Equal(1, quota.TrackedNodes);
    }

    [Fact]
    public void A_zero_rate_turns_the_quota_off()
    {
        var quota = new NodeQuota(new NodeQuotaOptions { LinesPerSecond = 0, BytesPerSecond = 0 });
        Assert.All(Enumerable.Range(0, 100_000), _ => Assert.Equal(QuotaVerdict.Admitted, quota.Admit("n", 65_000, At(0))));
    }

    [Fact]
    public void Admitted_never_exceeds_burst_plus_rate_times_elapsed()
    {
        Gen.Select(Gen.Int[0, 50].Array[1, 400], Gen.Int[1, 2000], Gen.Double[1, 500], Gen.Double[0.1, 3])
            .Sample((steps, size, rate, burst) =>
            {
                var options = new NodeQuotaOptions { LinesPerSecond = rate, BytesPerSecond = 0, BurstSeconds = burst };
                var quota = new NodeQuota(options);
                var now = T0;
                var admitted = 0;
                foreach (var step in steps)
                {
                    now += step * TimeSpan.TicksPerMillisecond;
                    admitted += quota.Admit("n", size, now) == QuotaVerdict.Admitted ? 1 : 0;
                }

                var elapsed = (now - T0) / (double)TimeSpan.TicksPerSecond;
                var bound = Math.Max(1, rate * burst) + rate * elapsed;
                return admitted <= bound + 1e-6 && admitted + quota.DroppedLines == steps.Length;
            });
    }
}
