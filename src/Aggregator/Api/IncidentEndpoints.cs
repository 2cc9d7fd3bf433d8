using KrgLogs.Aggregator.Crashes;
using KrgLogs.Aggregator.Hosting;
using KrgLogs.Shared.Crashes;

namespace KrgLogs.Aggregator.Api;

/// <summary>
/// <c>GET /api/incidents</c>: the same crash title on two or more nodes within the incident window, newest first;
/// <c>?all=true</c> adds the groups seen on one node only. Grouped afresh from the crash log on each request, so
/// every aggregator gives the same answer.
/// </summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents", List);
        return app;
    }

    private static async Task<IResult> List(string? all, CrashLog crashes, AggregatorOptions options, CancellationToken cancel)
    {
        var everything = false;
        if (all is not null && !bool.TryParse(all, out everything))
        {
            return ApiError.BadRequest("all must be true or false");
        }

        var known = await crashes.AllAsync(cancel);
        var grouper = IncidentGrouper.Group(
            known.Select(c => new IncidentCrash(c.Id, c.Node, c.Report.Title, c.Report.Kind, c.Report.FirstAt)),
            options.IncidentWindow);
        return Results.Ok(grouper.Newest(everything).Select(IncidentDto.From));
    }
}
