namespace KrgLogs.Cli.Tests;

public sealed class ApiTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-token-").FullName;

    [Fact]
    public void The_token_file_wins_over_the_environment_and_gives_its_first_line()
    {
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, "  from-the-file \nsecond line\n");
        Assert.Equal("from-the-file", ApiToken.Find(file, "from-the-environment"));
    }

    [Fact]
    public void The_environment_is_used_without_a_file_and_nothing_without_either()
    {
        Assert.Equal("from-the-environment", ApiToken.Find(null, "from-the-environment\n"));
        Assert.Null(ApiToken.Find(null, null));
        Assert.Null(ApiToken.Find(null, "  "));
    }

    [Fact]
    public void A_missing_or_empty_file_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => ApiToken.Find(Path.Combine(_dir, "none"), null)).ExitCode);
        var empty = Path.Combine(_dir, "empty");
        File.WriteAllText(empty, "\n");
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => ApiToken.Find(empty, null)).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
