using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Aggregator.Tests.Hosting;

public sealed class KrgLogsConfigurationTests
{
    private static IConfiguration Build(string[] args, Dictionary<string, string?> environment) =>
        new ConfigurationBuilder().AddKrgLogsSources(args, environment).Build();

    [Fact]
    public void Defaults_hold_when_nothing_is_set()
    {
        var options = Build([], []).Get<AggregatorOptions>() ?? new AggregatorOptions();
        var receiver = Build([], []).Get<ReceiverOptions>() ?? new ReceiverOptions();

        Assert.Equal(Path.Combine("./data", "krglogs.db"), options.DatabasePath);
        Assert.Equal(6680, options.HttpPort);
        Assert.Equal("127.0.0.1", options.HttpBind);
        Assert.Equal(6666, receiver.UdpPort);
        Assert.Equal("0.0.0.0", receiver.UdpBind);
    }

    [Fact]
    public void Environment_variables_set_options_and_the_command_line_wins_over_them()
    {
        var config = Build(
            ["--udp-port", "7000", "--data-dir", "/srv/krg"],
            new()
            {
                ["KRGLOGS_UDP_PORT"] = "6000",
                ["KRGLOGS_HTTP_PORT"] = "6001",
                ["KRGLOGS_NODELOG__TAIL_LINES"] = "5000",
                ["UNRELATED_HTTP_PORT"] = "1",
            });

        var options = config.Get<AggregatorOptions>()!;
        Assert.Equal(7000, config.Get<ReceiverOptions>()!.UdpPort);
        Assert.Equal(6001, options.HttpPort);
        Assert.Equal("/srv/krg", options.DataDir);
        Assert.Equal(5000, config.GetSection("NodeLog").Get<NodeLogOptions>()!.TailLines);
    }

    [Theory]
    [InlineData(new[] { "--no-receiver" }, true)]
    [InlineData(new[] { "--no-receiver", "--http-port", "7001" }, true)]
    [InlineData(new[] { "--no-receiver", "false" }, false)]
    [InlineData(new string[0], false)]
    public void No_receiver_is_a_flag_that_does_not_swallow_the_next_switch(string[] args, bool expected)
    {
        var config = Build(args, []);
        var options = config.Get<AggregatorOptions>() ?? new AggregatorOptions();
        Assert.Equal(expected, options.NoReceiver);
        if (args.Contains("--http-port"))
        {
            Assert.Equal(7001, options.HttpPort);
        }
    }
}
