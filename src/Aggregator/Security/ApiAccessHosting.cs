using KrgLogs.Aggregator.Api;
using Microsoft.Extensions.Primitives;

namespace KrgLogs.Aggregator.Security;

/// <summary>
/// Wires <see cref="ApiAccess"/> into the web app: a check in front of every endpoint but <c>/healthz</c> (load
/// balancers probe it; it says only up or down) and <c>/login</c>; <c>/metrics</c> is protected like the API.
/// The token comes as <c>Authorization: Bearer</c> (CLI, scripts, Prometheus) or as the login cookie (browser).
/// </summary>
public static class ApiAccessHosting
{
    private static readonly string[] OpenPaths = ["/healthz", "/login", "/logout"];

    public static IServiceCollection AddKrgApiAccess(this IServiceCollection services, ApiAccess access) =>
        services.AddSingleton(access);

    /// <summary>Call right after Build, before anything that answers requests.</summary>
    public static WebApplication UseKrgApiAccess(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<ApiAccess>();
        foreach (var warning in access.Warnings)
        {
            app.Logger.LogWarning("{Warning}", warning);
        }

        app.Logger.LogInformation("HTTP API access: {Mode}", access.Enforced ? "token required (Authorization: Bearer or the /login cookie)" : "open");
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!access.Enforced || OpenPaths.Any(open => path.Equals(open, StringComparison.OrdinalIgnoreCase)) || access.Accepts(Presented(context.Request)))
            {
                await next(context);
                return;
            }

            if (HttpMethods.IsGet(context.Request.Method) && !path.StartsWithSegments("/api") && AcceptsHtml(context.Request))
            {
                context.Response.Redirect("/login?returnTo=" + Uri.EscapeDataString(path + context.Request.QueryString));
                return;
            }

            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"krglogs\"";
            await Results.Json(new ApiError("missing or wrong API token: send Authorization: Bearer <token> (krglogs --token-file FILE or KRGLOGS_TOKEN), or sign in at /login"), statusCode: StatusCodes.Status401Unauthorized)
                .ExecuteAsync(context);
        });

        app.MapGet("/login", (string? returnTo, bool? failed) => Page(failed == true, LoginPage.SafeReturnPath(returnTo)))
            .ExcludeFromDescription();
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnTo = LoginPage.SafeReturnPath(form["returnTo"]);
            string? token = form["token"];
            if (!access.Accepts(token?.Trim()))
            {
                return Results.Redirect("/login?failed=true&returnTo=" + Uri.EscapeDataString(returnTo));
            }

            context.Response.Cookies.Append(ApiAccess.CookieName, token!.Trim(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = TimeSpan.FromDays(30),
            });
            return Results.Redirect(returnTo);
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(ApiAccess.CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect("/login");
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static LoginPageResult Page(bool failed, string returnTo) => new(LoginPage.Render(failed, returnTo));

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Cookies.TryGetValue(ApiAccess.CookieName, out var cookie) ? cookie : null;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private sealed class LoginPageResult(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.Headers.ContentSecurityPolicy = LoginPage.ContentSecurityPolicy;
            httpContext.Response.Headers.CacheControl = new StringValues("no-store");
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
