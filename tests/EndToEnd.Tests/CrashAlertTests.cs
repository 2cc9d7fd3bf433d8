using System.Net.Http.Json;
using System.Text.Json;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// A real kernel's panic, replayed from its netconsole capture into the running aggregator, arrives as one crash
/// report over server-sent events, in the API and in the CLI, titled as a kernel developer expects.
/// </summary>
public sealed class CrashAlertTests(AggregatorFixture fixture) : IClassFixture<AggregatorFixture>
{
    private const string Title = "kernel panic: sysrq triggered crash";

    public sealed record CrashDto(string Id, string Node, string Title, string Kind, string? Frame, bool Panicked, bool Corrupted, string? Text);

    [Theory]
    [InlineData("plain.jsonl", "127.0.0.5")]
    [InlineData("extended.jsonl", "127.0.0.6")]
    public async Task A_replayed_panic_is_announced_over_sse_listed_and_shown(string capture, string node)
    {
        var aggregator = fixture.Aggregator;
        using var sse = new HttpClient { BaseAddress = aggregator.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var response = await sse.GetAsync("api/crashes/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        await NextEvent(events, "subscribed", cancel.Token);

        await CaptureReplay.SendAsync(capture, node, aggregator.UdpPort);

        CrashDto announced;
        do
        {
            announced = JsonSerializer.Deserialize<CrashDto>(await NextEvent(events, "crash", cancel.Token), AggregatorProcess.Json)!;
        }
        while (announced.Node != node);

        Assert.Equal(Title, announced.Title);
        Assert.True(announced.Panicked);
        Assert.Contains("Call Trace:", announced.Text, StringComparison.Ordinal);
        Assert.Contains("sysrq_handle_crash", announced.Text, StringComparison.Ordinal);

        var listed = await aggregator.Http.GetFromJsonAsync<List<CrashDto>>($"api/crashes?node={node}", AggregatorProcess.Json);
        var only = Assert.Single(listed!);
        Assert.Equal(announced.Id, only.Id);
        Assert.Null(only.Text);

        var shown = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "crash", "show", announced.Id);
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(announced.Text!.TrimEnd('\n'), shown.Stdout.TrimEnd('\n'));

        var table = await CliProcess.RunAsync("--server", aggregator.ServerUrl, "crashes", "--node", node);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(Title, table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_runs_offline_on_a_console_log_and_prints_one_json_object_per_report()
    {
        var log = Path.Combine(RepoPaths.Shared, "captures", "plain.serial.log");

        var result = await CliProcess.RunAsync("detect", log);

        Assert.Equal(0, result.ExitCode);
        var report = JsonDocument.Parse(Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(Title, report.GetProperty("title").GetString());
        var start = report.GetProperty("startLine").GetInt32();
        Assert.Contains("Kernel panic - not syncing", File.ReadLines(log).ElementAt(start - 1), StringComparison.Ordinal);

        var quiet = Path.GetTempFileName();
        await File.WriteAllTextAsync(quiet, "[    0.000000] Linux version 6.1.0\n[    1.000000] all is well\n");
        var none = await CliProcess.RunAsync("detect", quiet);
        Assert.Equal(0, none.ExitCode);
        Assert.Equal(string.Empty, none.Stdout);
        File.Delete(quiet);
    }

    private static async Task<string> NextEvent(StreamReader events, string name, CancellationToken cancel)
    {
        string? current = null;
        while (await events.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name)
            {
                return line[6..];
            }
        }

        throw new EndOfStreamException($"the event stream ended before a '{name}' event");
    }
}
