using Microsoft.Playwright;

namespace KrgLogs.EndToEnd.Tests.Support.Browser;

/// <summary>
/// One real aggregator and one headless Debian chromium, driven by Playwright, shared by a test class. Playwright's
/// own driver ships inside its NuGet package; the browser is the system's (<c>./test.sh</c> installs it), so
/// nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("krglogs-e2e-web-").FullName;
    private IPlaywright? _playwright;

    public AggregatorProcess Aggregator { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: .test-out/screenshots under the repository, for people to look at.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(RepoPaths.Root, ".test-out", "screenshots");

    /// <summary>KRGLOGS_CHROMIUM overrides the browser, else Debian's.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("KRGLOGS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException(
                $"no browser at {ChromiumPath}: install Debian's 'chromium' (./test.sh does) or set KRGLOGS_CHROMIUM", ChromiumPath);
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // One after the other: on a busy machine a browser starting beside the aggregator slows its start-up.
        // The page needs no per-node files; without them the aggregator starts lighter.
        Aggregator = await AggregatorProcess.StartAsync(_dataDir, extraArgs: ["--no-log-files", "true"]);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        Directory.CreateDirectory(ScreenshotDir);
    }

    /// <summary>A fresh browser context on the aggregator's page, recording what the page complains about.</summary>
    public async Task<PageSession> OpenAsync(string hash)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Aggregator.ServerUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        return await PageSession.StartAsync(context, hash);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Aggregator is not null)
        {
            await Aggregator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
