using System.Text.Json;
using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using KrgLogs.Aggregator.Follow;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Aggregator.NodeLogs;
using KrgLogs.Receiver;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KrgLogs.Aggregator.Api;

/// <summary>
/// <c>GET /api/nodes/{node}/follow[?tail=N]</c>: the node's new lines as server-sent events (<c>event: line</c>,
/// <c>data:</c> a line's JSON), from now on; with <c>tail</c>, its last N lines first. Read from the journal (the
/// node's events after its highest sequence number at connect time), never from the write path, so a follower
/// cannot slow ingest down. A follower that falls more than <see cref="Buffer"/> lines behind gets
/// <c>event: dropped</c> and is disconnected, and that is counted. Each live line carries an SSE <c>id</c>
/// (<see cref="FollowCursor"/>): a client that reconnects with <c>Last-Event-ID</c> (or <c>?after=</c>) gets the lines
/// after it, without gap or repeat, and no tail.
/// </summary>
public static class FollowEndpoints
{
    public const int Buffer = 4096;

    public static IEndpointRouteBuilder MapFollowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/nodes/{node}/follow", Follow);
        return app;
    }

    private static async Task Follow(
        string node,
        string? tail,
        string? after,
        HttpContext context,
        ActorSystem system,
        IRequiredActor<NodeLogRegion> region,
        AggregatorOptions options,
        FollowCounters counters,
        IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime)
    {
        // Ends when the client goes or the server stops: an open follower must not hold the shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancel = ended.Token;
        var count = 0;
        if (tail is not null && (!int.TryParse(tail, out count) || count < 0 || count > NodeEndpoints.MaxTail))
        {
            await ApiError.BadRequest($"tail must be a whole number from 0 to {NodeEndpoints.MaxTail}").ExecuteAsync(context);
            return;
        }

        var resume = after ?? context.Request.Headers["Last-Event-ID"].FirstOrDefault();
        FollowCursor? from = null;
        if (resume is not null)
        {
            if (!FollowCursor.TryParse(resume, out var cursor))
            {
                await ApiError.BadRequest("after / Last-Event-ID must be an id this endpoint sent").ExecuteAsync(context);
                return;
            }

            from = cursor;
        }

        // The end first, then the tail: a line persisted in between shows twice rather than not at all.
        var start = from ?? FollowCursor.AfterEvent(await JournalEnd.HighestSequenceNrAsync(system, NodeLog.PersistenceIdOf(node), options.QueryTimeout));
        var first = count > 0 && from is null ? await region.ActorRef.Ask<NodeTail>(new GetTail(node, count), options.QueryTimeout, cancel) : null;

        var lines = Channel.CreateBounded<(LineDto Line, string Id)>(new BoundedChannelOptions(Buffer) { SingleReader = true, SingleWriter = true });
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (kill, done) = journal.EventsByPersistenceId(NodeLog.PersistenceIdOf(node), start.FromSeq, long.MaxValue)
            .Where(e => e.Event is LinesAppended)
            .SelectMany(e => ((LinesAppended)e.Event).Lines
                .Select((l, i) => (Line: LineDto.From(l), Seq: e.SequenceNr, Index: i))
                .Where(x => start.IsBefore(x.Seq, x.Index))
                .Select(x => (x.Line, Id: new FollowCursor(x.Seq, x.Index).ToString())))
            .ViaMaterialized(KillSwitches.Single<(LineDto, string)>(), Keep.Right)
            // Never waits: a full buffer means the client is too slow, and it is dropped rather than held onto.
            .ToMaterialized(Sink.ForEach<(LineDto, string)>(line =>
            {
                if (!lines.Writer.TryWrite(line))
                {
                    lines.Writer.TryComplete(new ChannelClosedException("slow follower"));
                }
            }), Keep.Both)
            .Run(system.Materializer());
        _ = done.ContinueWith(t => lines.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);

        counters.Connect();
        try
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.WriteAsync($": krglogs follow {node}\n\n", cancel);
            foreach (var line in first?.Lines ?? [])
            {
                await Write(context, LineDto.From(line), null, json.Value.SerializerOptions, cancel);
            }

            await context.Response.WriteAsync($"id: {start}\nevent: live\ndata: {{}}\n\n", cancel);
            await context.Response.Body.FlushAsync(cancel);
            using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(15));
            var beat = heartbeat.WaitForNextTickAsync(cancel).AsTask();
            var more = lines.Reader.WaitToReadAsync(cancel).AsTask();
            while (!cancel.IsCancellationRequested)
            {
                if (await Task.WhenAny(more, beat) == beat)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancel);
                    await context.Response.Body.FlushAsync(cancel);
                    beat = heartbeat.WaitForNextTickAsync(cancel).AsTask();
                    continue;
                }

                if (!await more)
                {
                    break;
                }

                while (lines.Reader.TryRead(out var line))
                {
                    await Write(context, line.Line, line.Id, json.Value.SerializerOptions, cancel);
                }

                await context.Response.Body.FlushAsync(cancel);
                more = lines.Reader.WaitToReadAsync(cancel).AsTask();
            }
        }
        catch (ChannelClosedException)
        {
            counters.Drop();
            await context.Response.WriteAsync($"event: dropped\ndata: {{\"reason\":\"more than {Buffer} lines behind\"}}\n\n", CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        finally
        {
            kill.Shutdown();
            counters.Disconnect();
        }
    }

    private static Task Write(HttpContext context, LineDto line, string? id, JsonSerializerOptions json, CancellationToken cancel) =>
        context.Response.WriteAsync($"{(id is null ? string.Empty : $"id: {id}\n")}event: line\ndata: {JsonSerializer.Serialize(line, json)}\n\n", cancel);
}
