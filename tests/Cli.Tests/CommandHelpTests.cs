namespace KrgLogs.Cli.Tests;

public sealed class CommandHelpTests
{
    [Theory]
    [InlineData("nodes")]
    [InlineData("tail")]
    [InlineData("crashes")]
    [InlineData("crash")]
    [InlineData("detect")]
    [InlineData("incidents")]
    public void Every_command_explains_its_usage_and_exit_status(string command)
    {
        var help = CommandHelp.For(command);

        Assert.NotNull(help);
        Assert.StartsWith($"usage: krglogs {command}", help, StringComparison.Ordinal);
        Assert.Contains("exit status: 0", help, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_has_no_help_of_its_own() => Assert.Null(CommandHelp.For("frobnicate"));
}
