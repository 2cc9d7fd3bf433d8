using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// Holds start-up until the journal is initialized. The SQL read journal, on first use, waits only 5 s for the
/// write journal to create or find its tables and throws otherwise; several aggregators starting at once on a fresh
/// PostgreSQL (or one busy machine) easily take longer, and the first reader (a projection, the API) would abort the
/// process. Getting the read journal here, with retries, makes every later caller find it ready.
/// </summary>
public sealed class JournalReadiness(ActorSystem system, AggregatorOptions options, ILogger<JournalReadiness> logger) : IHostedService
{
    /// <summary>Longest start-up waits for the journal before giving up (then the process stops, as before).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
                if (attempt > 1)
                {
                    logger.LogInformation("Journal ready after {Attempts} attempts", attempt);
                }

                await JournalTagMigration.RunAsync(options, logger, cancellationToken);
                await PostgresCompression.EnsureJournalAsync(options, cancellationToken);
                return;
            }
            catch (Exception e) when (IsNotReadyYet(e) && DateTime.UtcNow < deadline && !system.WhenTerminated.IsCompleted)
            {
                logger.LogWarning("Journal not initialized yet (attempt {Attempt}: {Reason}); waiting", attempt, e.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsNotReadyYet(Exception e) => e.GetBaseException() is AskTimeoutException;
}

public static class JournalReadinessHosting
{
    /// <summary>Register right after AddAkka: hosted services start in order, and readers come later.</summary>
    public static IServiceCollection AddJournalReadiness(this IServiceCollection services) =>
        services.AddHostedService<JournalReadiness>();
}
