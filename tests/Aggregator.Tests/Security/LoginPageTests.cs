using KrgLogs.Aggregator.Security;

namespace KrgLogs.Aggregator.Tests.Security;

public sealed class LoginPageTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/api/nodes?x=1", "/api/nodes?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void Only_a_local_path_is_returned_to(string? returnTo, string expected) =>
        Assert.Equal(expected, LoginPage.SafeReturnPath(returnTo));

    [Fact]
    public void The_page_is_a_plain_form_without_script_and_escapes_what_it_echoes()
    {
        var html = LoginPage.Render(failed: true, "/\"><script>alert(1)</script>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html); // no inline event handlers either
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/login\">", html, StringComparison.Ordinal);
        Assert.Contains("not right", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not right", LoginPage.Render(failed: false, "/"), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", LoginPage.ContentSecurityPolicy, StringComparison.Ordinal);
    }
}
