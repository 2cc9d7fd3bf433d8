using System.Net;

namespace KrgLogs.Aggregator.Security;

/// <summary>
/// The <c>/login</c> page: a plain HTML form, no script and no inline style, so it lives under a strict CSP. Posting
/// the token sets the <see cref="ApiAccess.CookieName"/> cookie the web page and its EventSource streams carry.
/// </summary>
public static class LoginPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string Render(bool failed, string returnTo) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>krglogs — sign in</title>
        </head>
        <body>
        <h1>krglogs</h1>
        <p>This krglogs API needs its access token (the content of the aggregator's <code>--api-token-file</code>).</p>
        {{(failed ? "<p role=\"alert\"><strong>That token is not right.</strong></p>" : string.Empty)}}
        <form method="post" action="/login">
        <input type="hidden" name="returnTo" value="{{WebUtility.HtmlEncode(returnTo)}}">
        <label>Token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
        <button type="submit">Sign in</button>
        </form>
        </body>
        </html>
        """;

    /// <summary>Only a local path may be returned to (no <c>//host</c> or <c>https://…</c>: no open redirect).</summary>
    public static string SafeReturnPath(string? returnTo) =>
        returnTo is { Length: > 0 } path && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal)
            ? path
            : "/";
}
