using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace KrgLogs.Aggregator.Web;

/// <summary>
/// The web page (wwwroot, copied beside the binary): static files at <c>/</c>, same origin as the API, under a
/// strict Content-Security-Policy. Log text is untrusted, so the page may only run its own scripts and styles.
/// </summary>
public static class WebPage
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication MapKrgWebPage(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("No web page: {Root} is missing", root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Use(SecurityHeaders);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The page is small and changes with the binary: always revalidate (ETag), never serve a stale one.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    /// <summary>On every response: the API's JSON never needs to run anything either.</summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }
}
