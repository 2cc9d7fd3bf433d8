using System.Net;
using System.Text.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// A real HTTP listener on loopback standing in for a chat or paging webhook: records every POST and answers
/// 500 until <see cref="Accepting"/> is set, then 200.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Call> _calls = [];
    private readonly Task _loop;

    public WebhookReceiver(bool accepting)
    {
        Accepting = accepting;
        var port = FreePorts.Next();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    /// <summary>One POST: what the aggregator sent and what it was answered.</summary>
    public sealed record Call(int Status, string? HeaderKey, string? BodyKey, string? CrashId, string? Node, string? Title);

    public string Url { get; }

    private volatile bool _accepting;

    public bool Accepting
    {
        get => _accepting;
        set => _accepting = value;
    }

    public IReadOnlyList<Call> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<Call> Acknowledged => [.. Calls.Where(c => c.Status == 200)];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.Exception;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = Accepting ? 200 : 500;
            string? Field(JsonElement root, string name) => root.TryGetProperty(name, out var v) ? v.GetString() : null;
            using (var json = JsonDocument.Parse(body))
            {
                var root = json.RootElement;
                lock (_calls)
                {
                    _calls.Add(new Call(status, context.Request.Headers["Idempotency-Key"], Field(root, "idempotencyKey"),
                        Field(root, "id"), Field(root, "node"), Field(root, "title")));
                }
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}
