using KrgLogs.Receiver.Forwarding;

namespace KrgLogs.Receiver.Tests.Forwarding;

/// <summary>One warning per resend round, whatever the number of nodes: a stalled aggregator must not flood the log.</summary>
public sealed class ResendNoticeTests
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_round_without_resends_says_nothing()
    {
        var notice = new ResendNotice();
        notice.Add("10.0.0.1", 0, 7);

        Assert.Null(notice.Take(After));
    }

    [Fact]
    public void One_node_is_named_with_its_batches_and_first_seq()
    {
        var notice = new ResendNotice();
        notice.Add("10.0.0.1", 3, 42);

        Assert.Equal("No ack from node 10.0.0.1 for 00:00:01: resending 3 batches from seq 42", notice.Take(After));
    }

    [Fact]
    public void A_thousand_nodes_make_one_warning_naming_the_first_few_and_counting_all_then_the_next_round_starts_afresh()
    {
        var notice = new ResendNotice();
        for (var i = 1; i <= 1000; i++)
        {
            notice.Add($"127.0.{i / 250}.{i % 250}", i % 3 + 1, i);
        }

        var warning = notice.Take(After);

        Assert.Equal(
            "No ack from nodes 127.0.0.1 (seq 1), 127.0.0.2 (seq 2), 127.0.0.3 (seq 3), 127.0.0.4 (seq 4), 127.0.0.5 (seq 5) and 995 more for 00:00:01: resending 2000 batches of 1000 nodes",
            warning);
        Assert.Null(notice.Take(After));
        notice.Add("10.0.0.9", 1, 5);
        Assert.Equal("No ack from node 10.0.0.9 for 00:00:01: resending 1 batches from seq 5", notice.Take(After));
    }
}
