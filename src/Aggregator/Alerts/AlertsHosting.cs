using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.Follow;
using KrgLogs.Aggregator.Hosting;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>Registers the webhook targets, their sender and counters; the singleton itself is added to Akka.</summary>
public static class AlertsHosting
{
    public static IServiceCollection AddKrgAlerts(this IServiceCollection services, AggregatorOptions options)
    {
        IReadOnlyList<WebhookTarget> targets = [.. options.Webhooks
            .Where(url => !string.IsNullOrWhiteSpace(url))
            .Select(url => WebhookTarget.Parse(url.Trim()))
            .DistinctBy(t => t.Id)];
        var counters = new AlertCounters();
        foreach (var target in targets)
        {
            counters.Register(target.Label);
        }

        services.AddSingleton(new FollowCounters());
        services.AddSingleton(targets);
        services.AddSingleton(counters);
        services.AddSingleton(provider => new WebhookSender(
            new HttpClient { Timeout = options.WebhookTimeout },
            new RetrySchedule(options.WebhookRetryFirst, options.WebhookRetryMax),
            counters,
            provider.GetRequiredService<ILogger<WebhookSender>>()));
        return services;
    }

    /// <summary>Incidents and the live follow of a node's lines.</summary>
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app) =>
        app.MapIncidentEndpoints().MapFollowEndpoints();

    /// <summary>
    /// <c>--webhook URL</c> may be given several times; the configuration's command-line provider keeps only the last
    /// of a repeated switch, so each one is rewritten to its own array index (<c>--Webhooks:0 URL</c>, …).
    /// </summary>
    public static string[] ExpandWebhookSwitches(string[] args)
    {
        var expanded = new List<string>(args.Length);
        var index = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--webhook" && i + 1 < args.Length)
            {
                expanded.Add($"--Webhooks:{index++}");
                expanded.Add(args[++i]);
            }
            else if (args[i].StartsWith("--webhook=", StringComparison.Ordinal))
            {
                expanded.Add($"--Webhooks:{index++}={args[i]["--webhook=".Length..]}");
            }
            else
            {
                expanded.Add(args[i]);
            }
        }

        return [.. expanded];
    }
}
