using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace KrgLogs.Cli.Commands;

/// <summary>
/// <c>krglogs tail NODE [-n N] [-f]</c>: a node's last lines, and with -f the new ones as they come, from the
/// server's live stream (<c>/api/nodes/{node}/follow</c>, server-sent events). When the stream breaks it reconnects
/// with back-off and resumes after the last line it printed (<c>Last-Event-ID</c>), so no line is missed or shown
/// twice. A server without the stream (404) is polled instead.
/// </summary>
public static class TailCommand
{
    private const int MaxTail = 1000;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(KrgLogsClient client, Arguments args, TextWriter output, TimeSpan pollEvery, CancellationToken cancel)
    {
        if (args.Positional.Count != 2)
        {
            throw new CliException(ExitCodes.Usage, "usage: krglogs tail NODE [-n N] [-f]");
        }

        var node = args.Positional[1];
        var count = 10;
        if (args.Option("-n") is { } n && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxTail))
        {
            throw new CliException(ExitCodes.Usage, $"-n takes a whole number from 1 to {MaxTail}");
        }

        var json = args.Flag("--json");
        if (!args.Flag("-f", "--follow"))
        {
            await Print((await client.TailAsync(node, count, cancel)).Lines, json, output);
            return ExitCodes.Ok;
        }

        try
        {
            _ = await client.TailAsync(node, 1, cancel); // an unknown node is an error (exit 3) here too, not a wait
            return await FollowAsync(client, node, count, json, output, cancel);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound && !e.Message.Contains(node, StringComparison.Ordinal))
        {
            // 404 without naming the node: a server from before /follow. Poll it instead.
            return await PollAsync(client, node, count, json, output, pollEvery, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }

    /// <summary>
    /// The live stream: the tail and then each new line. Every live line carries an id; after a break the stream is
    /// asked to resume after the last id seen (no tail again). Connection errors are retried with back-off, doubling
    /// up to <see cref="LastRetry"/>, reset by a connection that delivered something.
    /// </summary>
    private static async Task<int> FollowAsync(KrgLogsClient client, string node, int count, bool json, TextWriter output, CancellationToken cancel)
    {
        var path = $"api/nodes/{Uri.EscapeDataString(node)}/follow";
        string? lastId = null;
        var wait = FirstRetry;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var query = lastId is null ? KrgLogsClient.Query(("tail", count.ToString(CultureInfo.InvariantCulture))) : string.Empty;
                await foreach (var e in client.ServerEventsAsync(path + query, lastId, cancel))
                {
                    wait = FirstRetry;
                    if (e.Event == "line" && JsonSerializer.Deserialize<Line>(e.Data, KrgLogsClient.Json) is { } line)
                    {
                        await Print([line], json, output);
                    }

                    lastId = e.Id ?? lastId;
                    if (e.Event == "dropped")
                    {
                        break; // too slow for the server's buffer: reconnect and resume after the last line printed
                    }
                }
            }
            catch (HttpRequestException) when (!cancel.IsCancellationRequested)
            {
                // the server went away: try again below
            }
            catch (IOException) when (!cancel.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // the client's own time-out while connecting
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.ServerError && !cancel.IsCancellationRequested)
            {
                // 5xx while the server starts or fails over
            }

            await Task.Delay(wait, cancel);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
        }

        return ExitCodes.Ok;
    }

    /// <summary>The fallback for a server without <c>/follow</c>: its tail, then a look every <paramref name="pollEvery"/>.</summary>
    private static async Task<int> PollAsync(KrgLogsClient client, string node, int count, bool json, TextWriter output, TimeSpan pollEvery, CancellationToken cancel)
    {
        var tail = await client.TailAsync(node, count, cancel);
        await Print(tail.Lines, json, output);
        var seen = tail.LineCount;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pollEvery, cancel);
                var latest = await client.TailAsync(node, MaxTail, cancel);
                var fresh = latest.LineCount - seen;
                if (fresh > 0)
                {
                    if (fresh > latest.Lines.Count)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... {fresh - latest.Lines.Count} lines not shown (too many since the last look)"));
                    }

                    await Print(latest.Lines.Skip(latest.Lines.Count - (int)Math.Min(fresh, latest.Lines.Count)), json, output);
                    seen = latest.LineCount;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return ExitCodes.Ok;
    }

    private static async Task Print(IEnumerable<Line> lines, bool json, TextWriter output)
    {
        foreach (var line in lines)
        {
            await output.WriteLineAsync(json ? JsonSerializer.Serialize(line, KrgLogsClient.Json) : LineFormatter.Format(line));
        }

        await output.FlushAsync();
    }
}
