using CertVerify.AppHost.Infrastructure;
using HealthChecks.NpgSql;
using Npgsql;

namespace CertVerify.AppHost;

public static class PostgresExtensions
{
    public const string ServerName = "postgres";
    public const string DatabaseName = "certverify";

    /// <summary>PostgreSQL with the <c>certverify</c> database, the system of record; published, the operator's server.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCertVerifyDatabase(
        this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        if (builder.PublishesExternalDataStores())
        {
            return builder.AddConnectionString(DatabaseName);
        }

        var password = builder.GeneratedSecret("postgres-password");

        if (mode == InfrastructureMode.Containers)
        {
            var container = builder.AddPostgres(ServerName, password: builder.CreateResourceBuilder(password));
            if (builder.KeepsContainerDataVolumes())
            {
                container.WithDataVolume();
            }
            return container.AddDatabase(DatabaseName);
        }

        var binDirectory = HostBinaries.PostgresBinDirectory(builder.Configuration)!;
        var server = builder.AddResource(new HostPostgresServerResource(ServerName, "bash", builder.AppHostDirectory, password))
            .WithArgs(builder.HostScript("postgres.sh"))
            .WithEndpoint(name: HostPostgresServerResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("PG_BIN", binDirectory)
            .WithEnvironment("PGDATA", builder.GetHostDataDirectory("postgres"))
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .ExcludeFromManifest();
        ConnectionHealthCheck.AddTo(server, NpgsqlCheck);

        var database = builder.AddResource(new HostPostgresDatabaseResource(DatabaseName, DatabaseName, server.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .ExcludeFromManifest();
        ConnectionHealthCheck.AddTo(database, NpgsqlCheck);

        // As Aspire does for its own PostgreSQL databases: create it once the server answers, then mark it running.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (ready, ct) =>
        {
            await CreateDatabaseIfMissingAsync(server.Resource, DatabaseName, ct);
            await ready.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database.Resource,
                state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        });

        return database;
    }

    private static NpgSqlHealthCheck NpgsqlCheck(string connectionString) =>
        new(new NpgSqlHealthCheckOptions(connectionString));

    private static async Task CreateDatabaseIfMissingAsync(HostPostgresServerResource server, string name, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await server.ConnectionStringExpression.GetValueAsync(ct));
        await connection.OpenAsync(ct);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(name);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }
}
