using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;
using KrgLogs.EndToEnd.Tests.Support.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// The web page in a real browser (Debian's chromium through Playwright) against the real aggregator: nodes at a
/// glance, a node's live console, a replayed panic as a crash report, untrusted log text shown as text under a
/// strict Content-Security-Policy. Screenshots of each page go to .test-out/screenshots.
/// </summary>
public sealed class WebPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string PanicTitle = "kernel panic: sysrq triggered crash";
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 20_000 };

    private AggregatorProcess Aggregator => fixture.Aggregator;

    [Fact]
    public async Task Nodes_appear_on_the_nodes_page_after_traffic_and_can_be_filtered()
    {
        await SendLinesAsync("127.0.0.21", "node one says hello");
        await SendLinesAsync("127.0.0.22", "node two says hello");
        await using var session = await fixture.OpenAsync("#/");
        var page = session.Page;

        var one = page.Locator("#nodes tr[data-node='127.0.0.21']");
        var two = page.Locator("#nodes tr[data-node='127.0.0.22']");
        await Expect(one).ToBeVisibleAsync(Soon);
        await Expect(two).ToBeVisibleAsync(Soon);
        await Expect(one.Locator(".badge")).ToHaveTextAsync("alive");

        await page.GetByLabel("Filter nodes").FillAsync("127.0.0.22");
        await Expect(one).ToBeHiddenAsync();
        await Expect(two).ToBeVisibleAsync();
        await page.GetByLabel("Filter nodes").FillAsync(string.Empty);

        await page.Locator("button.sort[data-key='node']").ClickAsync(); // node, descending
        var order = await page.Locator("#nodes tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.node)");
        Assert.Equal(order.OrderDescending(StringComparer.Ordinal), order);

        await session.ScreenshotAsync("nodes");
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task A_node_page_shows_a_line_sent_after_it_opened_and_pauses_when_scrolled_up()
    {
        const string Node = "127.0.0.23";
        await SendLinesAsync(Node, [.. Enumerable.Range(0, 120).Select(i => $"boot chatter line {i}")]);
        await Aggregator.WaitForLinesAsync(Node, l => l.Count >= 120, "the first lines");
        await using var session = await fixture.OpenAsync($"#/node/{Node}");
        var page = session.Page;
        var console = page.Locator("#console");
        await Expect(console.GetByText("boot chatter line 119", new() { Exact = true })).ToBeVisibleAsync(Soon);

        await SendLinesAsync(Node, "a line sent after the page opened");
        var later = console.GetByText("a line sent after the page opened", new() { Exact = true });
        await Expect(later).ToBeVisibleAsync(Soon);
        await Expect(later).ToBeInViewportAsync(); // followed: the console scrolled to it

        await console.EvaluateAsync("c => { c.scrollTop = 0; c.dispatchEvent(new Event('scroll')); }");
        await SendLinesAsync(Node, "a line sent while the reader scrolled up");
        var paused = console.GetByText("a line sent while the reader scrolled up", new() { Exact = true });
        await Expect(paused).ToBeAttachedAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("button.resume")).ToContainTextAsync("new lines");
        await Expect(paused).Not.ToBeInViewportAsync(); // paused: the reader stays where they were

        await page.Locator("button.resume").ClickAsync();
        await Expect(paused).ToBeInViewportAsync();
        await Expect(page.Locator("button.resume")).ToBeHiddenAsync();
        await session.ScreenshotAsync("node");

        await page.GetByLabel("Filter text").FillAsync("chatter line 7");
        await Expect(console.Locator(".line:visible")).ToHaveCountAsync(11); // 7 and 70..79
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task A_replayed_panic_appears_as_a_crash_with_its_title_and_exact_text()
    {
        const string Node = "127.0.0.24";
        await using var session = await fixture.OpenAsync("#/crashes");
        var page = session.Page;
        await Expect(page.Locator("#crash-list")).ToContainTextAsync("No crash report yet", new() { Timeout = 10_000 });

        await CaptureReplay.SendAsync("plain.jsonl", Node, Aggregator.UdpPort);

        // The node dies after its panic: the report closes after the detector's quiet period, then arrives live.
        var row = page.Locator("#crash-list tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = Node }) });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(row.Locator("a.title")).ToHaveTextAsync(PanicTitle);
        await Expect(row.Locator(".badge.bad")).ToHaveTextAsync("panicked");
        await session.ScreenshotAsync("crashes");

        var id = await row.GetAttributeAsync("data-id");
        await row.Locator("a.title").ClickAsync();
        await Expect(page.Locator("#crash-title")).ToHaveTextAsync(PanicTitle);
        var report = await Aggregator.Http.GetFromJsonAsync<CrashText>($"api/crashes/{Uri.EscapeDataString(id!)}", AggregatorProcess.Json);
        Assert.Contains("sysrq_handle_crash", report!.Text, StringComparison.Ordinal);
        Assert.Equal(report.Text, await page.Locator("#report-text").TextContentAsync());

        await page.Locator("#copy").ClickAsync();
        await Expect(page.Locator(".copied")).ToHaveTextAsync("Copied.");
        Assert.Equal(report.Text, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await session.ScreenshotAsync("crash");
        await session.AssertCleanAsync();

        await page.GotoAsync("/#/");
        var nodeRow = page.Locator($"#nodes tr[data-node='{Node}']");
        await Expect(nodeRow.Locator(".badge")).ToHaveTextAsync("crashed", new() { Timeout = 20_000 });
        await Expect(nodeRow.GetByRole(AriaRole.Link, new() { Name = PanicTitle })).ToBeVisibleAsync();

        await page.GotoAsync($"/#/node/{Node}");
        await Expect(page.Locator("aside .crashes a", new() { HasText = PanicTitle })).ToBeVisibleAsync(Soon);
        await Expect(page.Locator("#console")).ToContainTextAsync("Kernel panic - not syncing: sysrq triggered crash", new() { Timeout = 20_000 });
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task Lines_holding_html_render_as_text_and_run_nothing()
    {
        const string Node = "127.0.0.25";
        const string Script = "<script>window.__xss=1</script>";
        const string Image = "<img src=x onerror=\"window.__xss=1\">";
        await SendLinesAsync(Node, Script, Image);
        await Aggregator.WaitForLinesAsync(Node, l => l.Count >= 2, "the two HTML lines");

        await using var session = await fixture.OpenAsync($"#/node/{Node}");
        var page = session.Page;
        var console = page.Locator("#console");
        await Expect(console.GetByText(Script, new() { Exact = true })).ToBeVisibleAsync(Soon);
        await Expect(console.GetByText(Image, new() { Exact = true })).ToBeVisibleAsync(Soon);
        Assert.Equal(0, await page.Locator("#console img, #console script").CountAsync());
        await session.ScreenshotAsync("node-html-lines");

        await page.GotoAsync("/#/");
        await Expect(page.Locator($"#nodes tr[data-node='{Node}']")).ToBeVisibleAsync(Soon);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        await session.AssertCleanAsync();
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_content_security_policy()
    {
        await using var session = await fixture.OpenAsync("#/search?q=hello");
        var headers = session.Response!.Headers;
        var policy = headers["content-security-policy"];
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);

        // Inline script is refused by the policy: the browser says so and runs nothing.
        var page = session.Page;
        await Expect(page.Locator("#search-status")).ToBeVisibleAsync(Soon);
        await session.ScreenshotAsync("search");
        await session.AssertCleanAsync();
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); }");
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0", null, new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__inline === undefined"));

        using var index = await Aggregator.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
    }

    private sealed record CrashText(string Id, string Text);

    private async Task SendLinesAsync(string node, params string[] lines)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(node), 0));
        var target = new IPEndPoint(IPAddress.Loopback, Aggregator.UdpPort);
        foreach (var line in lines)
        {
            await udp.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), target);
        }
    }
}
