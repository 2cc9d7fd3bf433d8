using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.Security;

namespace KrgLogs.Aggregator.Tests.Security;

public sealed class ApiAccessTests : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-access-").FullName;

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("127.255.255.254", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("128.0.0.1", false)]
    [InlineData("localhost", false)] // a name could resolve anywhere: only literal loopback counts
    public void Loopback_is_127_slash_8_and_the_ipv6_one(string bind, bool loopback) =>
        Assert.Equal(loopback, ApiAccess.IsLoopback(bind));

    [Fact]
    public void Loopback_without_a_token_is_open()
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions());
        Assert.Null(refusal);
        Assert.False(access!.Enforced);
        Assert.True(access.Accepts(null));
    }

    [Fact]
    public void Another_address_without_a_token_refuses_to_start_and_says_how_to_fix_it()
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions { HttpBind = "0.0.0.0" });
        Assert.Null(access);
        Assert.Contains("0.0.0.0", refusal, StringComparison.Ordinal);
        Assert.Contains("--api-token-file", refusal, StringComparison.Ordinal);
        Assert.Contains("--insecure", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Insecure_runs_open_on_another_address_with_a_warning()
    {
        var (access, _) = ApiAccess.Resolve(new AggregatorOptions { HttpBind = "0.0.0.0", Insecure = true });
        Assert.False(access!.Enforced);
        Assert.Contains(access.Warnings, w => w.Contains("without authentication", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_file_is_enforced_even_on_loopback_and_compared_exactly()
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions { ApiTokenFile = TokenFile(Token + "\n", "600") });
        Assert.Null(refusal);
        Assert.True(access!.Enforced);
        Assert.Empty(access.Warnings);
        Assert.True(access.Accepts(Token));
        Assert.False(access.Accepts(null));
        Assert.False(access.Accepts(string.Empty));
        Assert.False(access.Accepts(Token[..^1]));
        Assert.False(access.Accepts(Token + "0"));
        Assert.False(access.Accepts(Token.ToUpperInvariant()));
        Assert.Equal(5, access.Refused);
    }

    [Fact]
    public void A_world_readable_token_file_is_refused()
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions { HttpBind = "0.0.0.0", ApiTokenFile = TokenFile(Token, "644") });
        Assert.Null(access);
        Assert.Contains("readable by every user", refusal, StringComparison.Ordinal);
        Assert.Contains("chmod 600", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_readable_token_file_is_accepted_with_a_warning()
    {
        var (access, _) = ApiAccess.Resolve(new AggregatorOptions { ApiTokenFile = TokenFile(Token, "640") });
        Assert.True(access!.Enforced);
        Assert.Contains(access.Warnings, w => w.Contains("readable by its group", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("\n" + Token)] // the token is the first line
    public void A_short_or_empty_token_is_refused(string content)
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions { ApiTokenFile = TokenFile(content, "600") });
        Assert.Null(access);
        Assert.Contains("at least 16", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_token_file_is_refused()
    {
        var (access, refusal) = ApiAccess.Resolve(new AggregatorOptions { ApiTokenFile = Path.Combine(_dir, "none") });
        Assert.Null(access);
        Assert.Contains("cannot read", refusal, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TokenFile(string content, string octalMode)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octalMode, 8));
        }
        return path;
    }
}
