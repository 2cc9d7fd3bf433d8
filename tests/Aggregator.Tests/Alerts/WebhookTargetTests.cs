using KrgLogs.Aggregator.Alerts;

namespace KrgLogs.Aggregator.Tests.Alerts;

public sealed class WebhookTargetTests
{
    [Fact]
    public void The_label_leaves_out_secrets_and_the_id_follows_the_whole_url()
    {
        var a = WebhookTarget.Parse("https://user:pw@chat.example/hooks/abc?token=s3cret");
        var b = WebhookTarget.Parse("https://user:pw@chat.example/hooks/abc?token=other");

        Assert.Equal("https://chat.example/hooks/abc", a.Label);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(a.Id, WebhookTarget.Parse("https://user:pw@chat.example/hooks/abc?token=s3cret").Id);
        Assert.Equal("node1-abc@" + a.Id, a.IdempotencyKey("node1-abc"));
        Assert.Equal("webhook-" + a.Id, a.PersistenceId);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example/x")]
    [InlineData("/relative")]
    public void Anything_but_an_http_url_is_refused(string url) =>
        Assert.Throws<ArgumentException>(() => WebhookTarget.Parse(url));

    [Fact]
    public void Repeated_webhook_switches_become_array_entries()
    {
        var args = AlertsHosting.ExpandWebhookSwitches(["--webhook", "http://a/", "--http-port", "1", "--webhook=http://b/"]);

        Assert.Equal(["--Webhooks:0", "http://a/", "--http-port", "1", "--Webhooks:1=http://b/"], args);
    }

    [Fact]
    public void Repeated_webhook_switches_bind_to_the_options()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder();
        KrgLogs.Aggregator.Hosting.KrgLogsConfiguration.AddKrgLogsSources(
            configuration,
            AlertsHosting.ExpandWebhookSwitches(["--webhook", "http://a/", "--webhook", "http://b/", "--incident-window", "00:05:00"]),
            new Dictionary<string, string?>());
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<KrgLogs.Aggregator.Hosting.AggregatorOptions>(configuration.Build())!;

        Assert.Equal(["http://a/", "http://b/"], options.Webhooks);
        Assert.Equal(TimeSpan.FromMinutes(5), options.IncidentWindow);
    }
}
