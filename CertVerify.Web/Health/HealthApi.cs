using CertVerify.Web.Accounts;
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
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", HealthStatus.Degraded, timeout: CachedHealthCheckService.CheckTimeout);
        return services.AddScoped<DependencyHealth>().AddSingleton<ProcessResources>().AddSingleton<HealthStatusCache>();
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync)
            .WithName("GetHealth")
            .AllowAnonymous()
            .WithTags("Health")
            .WithSummary("This replica's health")
            .WithDescription("The replica that answered and its status: `healthy`, `degraded` (200) without Redis, where " +
                "verification still answers, `unhealthy` (503) without PostgreSQL; checked at most once a second. Admins also " +
                "see the version, uptime, each dependency's check, resource use and the connection pool, checked afresh.")
            .Produces<HealthSummary>(StatusCodes.Status200OK)
            .Produces<HealthSummary>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The status word for anyone (cached for a second), the details for Admins.</summary>
    private static async Task<IResult> GetHealthAsync(
        HttpContext context,
        HealthStatusCache cache,
        InstanceIdentity identity,
        CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.User.IsInRole(nameof(UserRole.Admin)))
        {
            return await GetDetailsAsync(context.RequestServices, identity, ct);
        }

        var status = await cache.GetAsync();
        return Results.Json(new HealthSummary(status, identity.InstanceId), statusCode: DependencyCheck.StatusCode(status));
    }

    private static async Task<IResult> GetDetailsAsync(IServiceProvider services, InstanceIdentity identity, CancellationToken ct)
    {
        var dependencies = services.GetRequiredService<DependencyHealth>();
        var databaseOptions = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var (database, redis) = await dependencies.CheckAsync(ct);
        var connections = database.IsHealthy ? await dependencies.CountConnectionsAsync(identity.InstanceId, ct) : null;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var status = DependencyCheck.Overall(database, redis);
        var body = new HealthReport(
            Status: status,
            InstanceId: identity.InstanceId,
            Version: identity.Version,
            StartedAt: identity.StartedAt,
            UptimeSeconds: Math.Round((now - identity.StartedAt).TotalSeconds, 1),
            Checks: new Dictionary<string, DependencyCheck> { ["database"] = database, ["redis"] = redis },
            Resources: services.GetRequiredService<ProcessResources>().Sample(),
            Database: new DatabasePoolReport(
                databaseOptions.MaxPoolSize,
                databaseOptions.CommandTimeoutSeconds,
                connections?.Open,
                connections?.Active));
        return Results.Json(body, statusCode: DependencyCheck.StatusCode(status));
    }

    /// <summary>What anyone may know: whether this replica can answer, and which one it is.</summary>
    private sealed record HealthSummary(string Status, string InstanceId);

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
