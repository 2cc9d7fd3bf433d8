using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// Webhooks reached by real HTTP: each crash report is acknowledged exactly once per webhook even when the
/// aggregator is restarted between detecting a crash and delivering it, and a failing webhook does not hold up
/// a working one.
/// </summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task Each_crash_is_acknowledged_exactly_once_per_webhook_across_a_restart()
    {
        using var flaky = new WebhookReceiver(accepting: false);
        using var healthy = new WebhookReceiver(accepting: true);
        var dataDir = Directory.CreateTempSubdirectory("krglogs-e2e-webhook-").FullName;
        string[] args =
        [
            "--webhook", flaky.Url, "--webhook", healthy.Url,
            "--WebhookRetryFirst", "00:00:00.2", "--WebhookRetryMax", "00:00:01", "--no-log-files", "true",
        ];
        try
        {
            string firstId;
            await using (var aggregator = await AggregatorProcess.StartAsync(dataDir, extraArgs: args))
            {
                await CaptureReplay.SendAsync("plain.jsonl", "127.0.0.5", aggregator.UdpPort);

                // The healthy webhook has it while the flaky one still refuses it: one does not wait for the other.
                var first = await Eventually.Get(
                    () => Task.FromResult(healthy.Acknowledged is [var a, ..] ? a : null),
                    _ => true,
                    TimeSpan.FromSeconds(60),
                    "the healthy webhook acknowledged the crash");
                firstId = first.CrashId!;
                await Eventually.Get(
                    () => Task.FromResult<int?>(flaky.Calls.Count(c => c.Status == 500)),
                    n => n >= 2,
                    TimeSpan.FromSeconds(30),
                    "the flaky webhook was tried and retried");
                Assert.Empty(flaky.Acknowledged);

                var metrics = await aggregator.Http.GetStringAsync("metrics");
                Assert.Contains($"krglogs_alerts_failed_total{{webhook=\"{flaky.Url}\"}}", metrics, StringComparison.Ordinal);
                Assert.Equal(0, await aggregator.StopAsync(TimeSpan.FromSeconds(30)));
            }

            flaky.Accepting = true;
            await using (var aggregator = await AggregatorProcess.StartAsync(dataDir, extraArgs: args))
            {
                await Eventually.Get(
                    () => Task.FromResult(flaky.Acknowledged is [var a, ..] ? a : null),
                    _ => true,
                    TimeSpan.FromSeconds(60),
                    "the flaky webhook acknowledged the crash after the restart");

                // A second crash after the restart: delivery is in journal order, so once it is acknowledged any
                // repeat of the first crash would have arrived before it.
                await CaptureReplay.SendAsync("extended.jsonl", "127.0.0.6", aggregator.UdpPort);
                foreach (var hook in new[] { flaky, healthy })
                {
                    await Eventually.Get(
                        () => Task.FromResult<int?>(hook.Acknowledged.Count(c => c.Node == "127.0.0.6")),
                        n => n >= 1,
                        TimeSpan.FromSeconds(60),
                        $"{hook.Url} acknowledged the second crash");
                }

                var metrics = await aggregator.Http.GetStringAsync("metrics");
                Assert.Contains($"krglogs_alerts_sent_total{{webhook=\"{flaky.Url}\"}} 2", metrics, StringComparison.Ordinal);
            }

            foreach (var hook in new[] { flaky, healthy })
            {
                var acknowledged = hook.Acknowledged;
                Assert.Equal(2, acknowledged.Count);
                Assert.Equal(2, acknowledged.Select(c => c.CrashId).Distinct().Count());
                Assert.Equal(firstId, acknowledged[0].CrashId);
                Assert.All(acknowledged, c =>
                {
                    Assert.Equal("kernel panic: sysrq triggered crash", c.Title);
                    Assert.Equal(c.HeaderKey, c.BodyKey);
                    Assert.StartsWith(c.CrashId + "@", c.HeaderKey, StringComparison.Ordinal);
                });
                // Every try of one crash carries the same key, so the receiver can drop repeats.
                Assert.All(hook.Calls.GroupBy(c => c.CrashId), tries => Assert.Single(tries.Select(c => c.HeaderKey).Distinct()));
            }

            Assert.NotEqual(flaky.Acknowledged[0].HeaderKey, healthy.Acknowledged[0].HeaderKey);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
