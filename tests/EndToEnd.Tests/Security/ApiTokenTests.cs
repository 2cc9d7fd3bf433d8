using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests.Security;

/// <summary>The real aggregator with an API token: 401 without it, 200 with it (header or login cookie), CLI included.</summary>
public sealed class ApiTokenTests : IDisposable
{
    private const string Token = "e2e-0123456789abcdef0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-apitoken-").FullName;

    [Fact]
    public async Task The_api_wants_the_token_as_a_bearer_or_the_login_cookie_and_healthz_stays_open()
    {
        var tokenFile = TokenFile("600");
        await using var aggregator = await AggregatorProcess.StartAsync(Path.Combine(_dir, "data"), extraArgs: ["--api-token-file", tokenFile]);

        using (var anonymous = await aggregator.Http.GetAsync("api/nodes"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("Bearer", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(aggregator, "metrics", "wrong-token-0123456789"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(aggregator, "api/crashes/stream", null));
        Assert.Equal(HttpStatusCode.OK, await Status(aggregator, "healthz", null));
        Assert.Equal(HttpStatusCode.OK, await Status(aggregator, "api/nodes", Token));
        Assert.Equal(HttpStatusCode.OK, await Status(aggregator, "metrics", Token));

        // The browser's way: /login sets an HttpOnly SameSite=Strict cookie that EventSource carries.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = aggregator.Http.BaseAddress };
        using (var page = await browser.GetAsync("login"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        using (var wrong = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "not-the-token-at-all", ["returnTo"] = "/" })))
        {
            Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
            Assert.Contains("failed=true", wrong.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        string cookie;
        using (var login = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token, ["returnTo"] = "//evil.example/" })))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/", login.Headers.Location!.ToString());
            var setCookie = login.Headers.GetValues("Set-Cookie").Single();
            Assert.StartsWith("krglogs_token=", setCookie, StringComparison.Ordinal);
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
            cookie = setCookie.Split(';')[0];
        }

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "api/crashes/stream");
        withCookie.Headers.Add("Cookie", cookie);
        using var stream = await browser.SendAsync(withCookie, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);

        // A page request without the cookie is sent to /login.
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var redirected = await browser.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/login", redirected.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The CLI: refused without the token (exit 5, a clear message), fine with --token-file.
        var refused = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "nodes");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("--token-file", refused.Stderr, StringComparison.Ordinal);
        var allowed = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "--token-file", tokenFile, "nodes");
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.StartsWith("NODE", allowed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_api_without_a_token_refuses_to_start_before_it_listens()
    {
        var data = Path.Combine(_dir, "open");
        var (code, output) = await RunToExit("--data-dir", data, "--http-bind", "0.0.0.0", "--http-port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Contains("refusing to start", output, StringComparison.Ordinal);
        Assert.Contains("--api-token-file", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data)); // it stopped before touching anything

        var (worldReadable, why) = await RunToExit("--data-dir", data, "--http-bind", "0.0.0.0", "--api-token-file", TokenFile("644"));
        Assert.Equal(2, worldReadable);
        Assert.Contains("chmod 600", why, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<HttpStatusCode> Status(AggregatorProcess aggregator, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await aggregator.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    private static async Task<(int Code, string Output)> RunToExit(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.AggregatorDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private string TokenFile(string octalMode)
    {
        var path = Path.Combine(_dir, "token-" + octalMode);
        File.WriteAllText(path, Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
        }
        return path;
    }
}
