using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KrgLogs.Aggregator.Api;
using KrgLogs.Aggregator.Crashes;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// What a webhook receives for one crash report: the API's crash JSON (with its text) plus
/// <c>idempotencyKey</c>, the same key as the <c>Idempotency-Key</c> header, so a receiver can drop repeats.
/// </summary>
public static class WebhookAlert
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Body(CrashDetected crash, string idempotencyKey)
    {
        var body = JsonSerializer.SerializeToNode(CrashDto.From(crash, withText: true), Json)!.AsObject();
        body["idempotencyKey"] = idempotencyKey;
        return body.ToJsonString(Json);
    }
}
