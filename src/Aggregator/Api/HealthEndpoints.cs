using Akka.Actor;
using Akka.Cluster;

namespace KrgLogs.Aggregator.Api;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (ActorSystem system, NodeDirectory directory) =>
        {
            var member = Cluster.Get(system).SelfMember;
            if (member.Status != MemberStatus.Up)
            {
                return ApiError.Unavailable($"cluster member is {member.Status}, not Up");
            }

            if (!await directory.JournalAnswersAsync(TimeSpan.FromSeconds(5)))
            {
                return ApiError.Unavailable("the journal does not answer");
            }

            return Results.Ok(new { status = "up", member = member.Address.ToString() });
        });
        return app;
    }
}
