using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CertVerify.Web.Data;

public static class DatabaseExtensions
{
    /// <summary>The connection string name the AppHost hands to every replica.</summary>
    public const string ConnectionName = "certverify";

    // Any fixed number: every replica asks PostgreSQL for the same advisory lock before migrating.
    private const long MigrationLockKey = 0x43_65_72_74_56_65_72; // "CertVer"

    public static WebApplicationBuilder AddCertVerifyDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.SectionName));
        var instanceId = builder.Configuration.GetInstanceId();

        builder.AddNpgsqlDbContext<CertVerifyDbContext>(ConnectionName, settings =>
        {
            var connection = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
            {
                MaxPoolSize = options.MaxPoolSize,
                Timeout = options.ConnectTimeoutSeconds,
                // Lets /api/health and operators count this replica's connections in pg_stat_activity.
                ApplicationName = instanceId,
            };
            settings.ConnectionString = connection.ConnectionString;
            settings.CommandTimeout = options.CommandTimeoutSeconds;
            // The integration's retry policy (replaced below) kept a request waiting about a minute while PostgreSQL
            // was down; its health check (Unhealthy, through those retries) by Health/DatabaseHealthCheck.
            settings.DisableRetry = true;
            settings.DisableHealthChecks = true;
        }, dbContext => dbContext.UseNpgsql(npgsql =>
        {
            if (options.MaxRetryCount > 0)
            {
                npgsql.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), errorCodesToAdd: null);
            }
        }));
        builder.Services.AddSingleton<ChangePublishingInterceptor>();
        builder.Services.ConfigureDbContext<CertVerifyDbContext>((services, dbContext) =>
            dbContext.AddInterceptors(services.GetRequiredService<ChangePublishingInterceptor>()));

        return builder;
    }

    /// <summary>
    /// Applies pending migrations and then seeds, once, however many replicas start together: each takes the same
    /// PostgreSQL advisory lock first, so the first does the work and the others find nothing left to do.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, params Func<IServiceProvider, CancellationToken, Task>[] seeds)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseExtensions));

        // Waiting for the lock while another replica migrates, and migrating, may take longer than one request's command
        // timeout on a busy machine (a replica that gave up after 30 s died at start): this scope only, up to 10 minutes.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.OpenConnectionAsync(stopping);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", stopping);
            var pending = (await db.Database.GetPendingMigrationsAsync(stopping)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(stopping);
            }

            foreach (var seed in seeds)
            {
                await seed(scope.ServiceProvider, stopping);
            }

            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", stopping);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
