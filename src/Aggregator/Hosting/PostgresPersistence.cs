using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace KrgLogs.Aggregator.Hosting;

/// <summary>The clustered choice: journal, snapshots and tags in one PostgreSQL database that every aggregator shares.</summary>
public static class PostgresPersistence
{
    public static AkkaConfigurationBuilder AddPostgresPersistence(this AkkaConfigurationBuilder builder, string connectionString, JournalTuning? tuning = null) =>
        builder.WithSqlPersistence(
                connectionString: connectionString,
                providerName: ProviderName.PostgreSQL15,
                autoInitialize: true,
                tagStorageMode: TagMode.Csv)
            .WithJournalTuning(tuning ?? new JournalTuning(), sqlite: false);

}
