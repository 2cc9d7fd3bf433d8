using System.Net.Mime;
using System.Text;
using KrgLogs.Aggregator.Crashes;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// POSTs one crash to one webhook until it answers 2xx, waiting per <see cref="RetrySchedule"/> between tries;
/// every failure is logged and counted. Only cancellation (the dispatcher stopping) ends it early, and then the
/// crash is not marked delivered: it is sent again by whichever aggregator runs the dispatcher next.
/// </summary>
public sealed class WebhookSender(HttpClient http, RetrySchedule schedule, AlertCounters counters, ILogger<WebhookSender> logger)
{
    public async Task DeliverAsync(WebhookTarget target, CrashDetected crash, CancellationToken cancel)
    {
        var key = target.IdempotencyKey(crash.Id);
        var body = WebhookAlert.Body(crash, key);
        for (var failures = 0; ;)
        {
            cancel.ThrowIfCancellationRequested();
            string problem;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
                {
                    Content = new StringContent(body, Encoding.UTF8, MediaTypeNames.Application.Json),
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, cancel);
                if (response.IsSuccessStatusCode)
                {
                    counters.Sent(target.Label);
                    logger.LogInformation("Webhook {Webhook} acknowledged crash {Crash} ({Title}) after {Failures} failed tries",
                        target.Label, crash.Id, crash.Report.Title, failures);
                    return;
                }

                problem = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
                problem = "timed out";
            }

            failures++;
            counters.Failed(target.Label);
            var wait = schedule.Delay(failures);
            logger.LogWarning("Webhook {Webhook} refused crash {Crash}: {Problem}; try {Try} in {Wait}",
                target.Label, crash.Id, problem, failures + 1, wait);
            await Task.Delay(wait, cancel);
            counters.Retried(target.Label);
        }
    }
}
