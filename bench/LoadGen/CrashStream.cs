using System.Diagnostics;
using System.Text.Json;

namespace KrgLogs.LoadGen;

/// <summary>
/// Listens to krglogs's <c>/api/crashes/stream</c> (server-sent events) and notes when each <c>crash</c> event
/// arrives, per node, on the same clock as the sender's send times.
/// </summary>
public sealed class CrashStream(string url) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<(string Node, long At)> _crashes = [];
    private Task? _reading;

    public async Task StartAsync(TimeSpan timeout)
    {
        _reading = Task.Run(ReadAsync);
        var done = await Task.WhenAny(_subscribed.Task, Task.Delay(timeout));
        if (done != _subscribed.Task)
        {
            throw new InvalidOperationException($"no 'subscribed' event from {url} within {timeout.TotalSeconds} s");
        }
    }

    public List<(string Node, long At)> Crashes()
    {
        lock (_lock)
        {
            return [.. _crashes];
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reading?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // cancelled read: expected
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var stream = await _http.GetStreamAsync(new Uri(url), _stop.Token);
            using var reader = new StreamReader(stream);
            string? eventName = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line[7..];
                    if (eventName == "subscribed")
                    {
                        _subscribed.TrySetResult();
                    }
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "crash")
                {
                    var at = Stopwatch.GetTimestamp();
                    using var json = JsonDocument.Parse(line[6..]);
                    var node = json.RootElement.GetProperty("node").GetString() ?? "";
                    lock (_lock)
                    {
                        _crashes.Add((node, at));
                    }
                }
                else if (line.Length == 0)
                {
                    eventName = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        catch (HttpRequestException e)
        {
            _subscribed.TrySetException(e);
        }
    }
}
