using KrgLogs.Receiver.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Tests.Hosting;

public sealed class SwitchShapesTests
{
    [Fact]
    public void A_repeated_allow_becomes_a_list()
    {
        var options = Bind(["--allow", "127.0.0.2/32", "--udp-port", "7000", "--allow=10.0.0.0/8,fd00::/8"]);
        Assert.Equal(["127.0.0.2/32", "10.0.0.0/8,fd00::/8"], options.Allow);
        Assert.Equal(7000, options.UdpPort);
    }

    [Theory]
    [InlineData(new[] { "--insecure" }, new[] { "--insecure", "true" })]
    [InlineData(new[] { "--insecure", "--http-port", "1" }, new[] { "--insecure", "true", "--http-port", "1" })]
    [InlineData(new[] { "--insecure", "false" }, new[] { "--insecure", "false" })]
    public void A_bare_flag_gets_its_value_and_does_not_swallow_the_next_switch(string[] args, string[] expanded) =>
        Assert.Equal(expanded, SwitchShapes.Expand(args));

    private static ReceiverOptions Bind(string[] args) =>
        new ConfigurationBuilder()
            .AddKrgLogsSources(args, KrgLogsConfigurationSources.CommonSwitches, new Dictionary<string, string?>())
            .Build()
            .Get<ReceiverOptions>()!;
}
