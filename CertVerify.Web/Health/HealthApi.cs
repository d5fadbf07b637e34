using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Health;

public static class HealthApi
{
    public static IServiceCollection AddDependencyHealth(this IServiceCollection services)
    {
        // Degraded, not Unhealthy, without PostgreSQL: every replica shares it, so a readiness probe failing on /health
        // would take all of them out of rotation at once while they still answer cached verifications and refuse the
        // rest with a quick 503. /api/health reports the outage as unhealthy; a replica that cannot reach PostgreSQL
        // when it starts never listens at all (migrations come first).
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", HealthStatus.Degraded);
        return services.AddScoped<DependencyHealth>().AddSingleton<ProcessResources>();
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync)
            .WithName("GetHealth")
            .AllowAnonymous()
            .WithTags("Health")
            .WithSummary("This replica's health")
            .WithDescription("The replica that answered, its dependencies and resources: `healthy`, `degraded` (200) without " +
                "Redis, where verification still answers, `unhealthy` (503) without PostgreSQL.")
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>This replica's view of itself and its dependencies; degraded without Redis, 503 without PostgreSQL.</summary>
    private static async Task<IResult> GetHealthAsync(
        HttpContext context,
        DependencyHealth dependencies,
        ProcessResources resources,
        InstanceIdentity identity,
        IOptions<DatabaseOptions> databaseOptions,
        TimeProvider clock,
        CancellationToken ct)
    {
        var databaseCheck = dependencies.CheckDatabaseAsync(ct);
        var redisCheck = dependencies.CheckRedisAsync(ct);
        var database = await databaseCheck;
        var redis = await redisCheck;
        var connections = database.IsHealthy ? await dependencies.CountConnectionsAsync(identity.InstanceId, ct) : null;
        var now = clock.GetUtcNow();

        // Without PostgreSQL nothing can be answered: 503. Without Redis verification still answers correctly
        // (uncached): 200 "degraded", because Nginx counts a 503 to a GET as a failed replica, and monitoring polling
        // this through Nginx took every replica out of rotation during a Redis outage.
        var status = !database.IsHealthy ? DependencyCheck.Unhealthy
            : !redis.IsHealthy ? DependencyCheck.Degraded
            : DependencyCheck.Healthy;
        var body = new HealthReport(
            Status: status,
            InstanceId: identity.InstanceId,
            Version: identity.Version,
            StartedAt: identity.StartedAt,
            UptimeSeconds: Math.Round((now - identity.StartedAt).TotalSeconds, 1),
            Checks: new Dictionary<string, DependencyCheck> { ["database"] = database, ["redis"] = redis },
            Resources: resources.Sample(),
            Database: new DatabasePoolReport(
                databaseOptions.Value.MaxPoolSize,
                databaseOptions.Value.CommandTimeoutSeconds,
                connections?.Open,
                connections?.Active));

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(body, statusCode: database.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record HealthReport(
        string Status,
        string InstanceId,
        string Version,
        DateTimeOffset StartedAt,
        double UptimeSeconds,
        IReadOnlyDictionary<string, DependencyCheck> Checks,
        ResourceUsage Resources,
        DatabasePoolReport Database);

    private sealed record DatabasePoolReport(int PoolMaxSize, int CommandTimeoutSeconds, int? OpenConnections, int? ActiveConnections);
}
