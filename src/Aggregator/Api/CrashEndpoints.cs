using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using KrgLogs.Aggregator.Crashes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KrgLogs.Aggregator.Api;

/// <summary>Crash reports: the list, one report with its exact text, and a live stream (server-sent events).</summary>
public static class CrashEndpoints
{
    public static IEndpointRouteBuilder MapCrashEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/crashes", List);
        app.MapGet("/api/crashes/stream", Stream);
        app.MapGet("/api/crashes/{id}", Get);
        return app;
    }

    private static async Task<IResult> List(string? node, string? since, CrashLog crashes, CancellationToken cancel)
    {
        DateTimeOffset? after = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiError.BadRequest("since must be an ISO-8601 time, e.g. 2026-11-26T12:00:00Z");
            }

            after = parsed;
        }

        var all = await crashes.AllAsync(cancel);
        return Results.Ok(all
            .Where(c => node is null || c.Node == node)
            .Where(c => after is null || c.Report.FirstAt >= after)
            .OrderByDescending(c => c.Report.FirstAt)
            .Select(c => CrashDto.From(c, withText: false)));
    }

    private static async Task<IResult> Get(string id, CrashLog crashes, CancellationToken cancel)
    {
        var crash = (await crashes.AllAsync(cancel)).FirstOrDefault(c => c.Id == id);
        return crash is null ? ApiError.NotFound($"no crash report '{id}'") : Results.Ok(CrashDto.From(crash, withText: true));
    }

    /// <summary>One <c>crash</c> event per report as it is persisted, <c>crash-started</c> when one opens.</summary>
    private static async Task Stream(HttpContext context, ActorSystem system, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        // Ends when the client goes or the server stops: an open stream must not hold the shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancel = ended.Token;
        var news = Channel.CreateBounded<object>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var subscriber = system.ActorOf(CrashSubscriber.Props(news.Writer));
        try
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.WriteAsync(": krglogs crash stream\n\n", cancel);
            await context.Response.Body.FlushAsync(cancel);
            using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(15));
            var next = news.Reader.ReadAsync(cancel).AsTask();
            var beat = heartbeat.WaitForNextTickAsync(cancel).AsTask();
            while (!cancel.IsCancellationRequested)
            {
                if (await Task.WhenAny(next, beat) == beat)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancel);
                    beat = heartbeat.WaitForNextTickAsync(cancel).AsTask();
                }
                else
                {
                    var (name, data) = await next switch
                    {
                        CrashDetected c => ("crash", JsonSerializer.Serialize(CrashDto.From(c, withText: true), json.Value.SerializerOptions)),
                        CrashStarted s => ("crash-started", JsonSerializer.Serialize(s, json.Value.SerializerOptions)),
                        _ => ("subscribed", "{}"),
                    };
                    await context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", cancel);
                    next = news.Reader.ReadAsync(cancel).AsTask();
                }

                await context.Response.Body.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        finally
        {
            subscriber.Tell(PoisonPill.Instance);
        }
    }
}
