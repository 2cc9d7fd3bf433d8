using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace KrgLogs.EndToEnd.Tests.Support.Browser;

/// <summary>A page of the web app in its own browser context, with every console error, uncaught exception and
/// Content-Security-Policy violation it raised.</summary>
public sealed class PageSession : IAsyncDisposable
{
    // Runs before the page's own scripts, outside the page's CSP (Playwright injects it).
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
        """;

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private PageSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _problems.Enqueue($"console {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught: {error}");
    }

    public IPage Page { get; }

    /// <summary>The response to the first navigation (the page's HTML).</summary>
    public IResponse? Response { get; private set; }

    public static async Task<PageSession> StartAsync(IBrowserContext context, string hash)
    {
        await context.AddInitScriptAsync(RecordViolations);
        var session = new PageSession(context, await context.NewPageAsync());
        session.Response = await session.Page.GotoAsync("/" + hash);
        return session;
    }

    /// <summary>Nothing went wrong in the page: no console error or warning, no exception, no CSP violation.</summary>
    public async Task AssertCleanAsync()
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        Assert.Empty(violations);
        Assert.Empty(_problems);
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotDir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {path}");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
