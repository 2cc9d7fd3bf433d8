namespace KrgLogs.Cli.Tests;

public sealed class ArgumentsTests
{
    private static readonly HashSet<string> Valued = ["--server", "-n"];

    [Fact]
    public void Verbs_options_and_flags_are_told_apart_wherever_they_stand()
    {
        var args = Arguments.Parse(["--server", "http://x:1", "tail", "node7", "-n", "20", "-f"], Valued);

        Assert.Equal(["tail", "node7"], args.Positional);
        Assert.Equal("http://x:1", args.Option("--server"));
        Assert.Equal("20", args.Option("-n"));
        Assert.True(args.Flag("-f", "--follow"));
        Assert.False(args.Flag("--json"));
    }

    [Fact]
    public void Equals_form_and_double_dash_work()
    {
        var args = Arguments.Parse(["--server=http://y", "tail", "--", "-weird-node"], Valued);

        Assert.Equal("http://y", args.Option("--server"));
        Assert.Equal(["tail", "-weird-node"], args.Positional);
    }

    [Fact]
    public void An_option_without_its_value_is_a_usage_error()
    {
        var e = Assert.Throws<CliException>(() => Arguments.Parse(["tail", "n", "-n"], Valued));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }
}
