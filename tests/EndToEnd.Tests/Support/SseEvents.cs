namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Reads server-sent events: (event name, data) pairs, comments skipped.</summary>
public static class SseEvents
{
    public static async Task<(string Name, string Data)> NextAsync(StreamReader events, CancellationToken cancel)
    {
        string? name = null;
        while (await events.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                return (name, line[6..]);
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }
}
