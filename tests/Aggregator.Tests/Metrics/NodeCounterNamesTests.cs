using KrgLogs.Aggregator.Metrics;

namespace KrgLogs.Aggregator.Tests.Metrics;

public sealed class NodeCounterNamesTests
{
    [Theory]
    [InlineData("netconsole.malformed.nulByte", "krglogs_node_netconsole_malformed_total", "nulByte")]
    [InlineData("syslog.malformed.badPriority", "krglogs_node_syslog_malformed_total", "badPriority")]
    [InlineData("netconsole.duplicatesDropped", "krglogs_node_netconsole_duplicates_dropped_total", null)]
    [InlineData("netconsole.wireLost", "krglogs_node_netconsole_wire_lost_total", null)]
    [InlineData("syslog.rfc3164", "krglogs_node_syslog_rfc3164_total", null)]
    [InlineData("kernelTwinsDropped", "krglogs_node_kernel_twins_dropped_total", null)]
    public void Entity_counter_names_become_snake_case_families_with_malformed_reasons_as_a_label(string counter, string family, string? reason) =>
        Assert.Equal((family, reason), NodeCounterNames.ToMetric(counter));
}
