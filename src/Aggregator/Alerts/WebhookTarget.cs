using System.Security.Cryptography;
using System.Text;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>
/// One configured webhook. <see cref="Id"/> is a short hash of the whole URL: it names the webhook's stored offset
/// (persistence id <c>webhook-&lt;id&gt;</c>) and ends its idempotency keys, so changing the URL starts afresh.
/// <see cref="Label"/> is the URL without user info or query (they may hold secrets), for logs and metrics.
/// </summary>
public sealed record WebhookTarget(Uri Url, string Id, string Label)
{
    public string PersistenceId => "webhook-" + Id;

    public static WebhookTarget Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"webhook '{url}' is not an http(s) URL", nameof(url));
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri.AbsoluteUri)))[..12];
        var label = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return new WebhookTarget(uri, id, label);
    }

    /// <summary>Same for every try and every aggregator: the crash's id and this webhook's id.</summary>
    public string IdempotencyKey(string crashId) => crashId + "@" + Id;
}
