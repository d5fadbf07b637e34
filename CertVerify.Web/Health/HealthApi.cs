using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Health;

public static class HealthApi
{
    public static IServiceCollection AddDependencyHealth(this IServiceCollection services) =>
        services.AddScoped<DependencyHealth>().AddSingleton<ProcessResources>();

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync)
            .WithName("GetHealth")
            .AllowAnonymous()
            .WithTags("Health");
        return app;
    }

    /// <summary>This replica's view of itself and its dependencies; 503 when a dependency is down.</summary>
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
        var healthy = database.IsHealthy && redis.IsHealthy;
        var now = clock.GetUtcNow();

        var body = new HealthReport(
            Status: healthy ? DependencyCheck.Healthy : DependencyCheck.Unhealthy,
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
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
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
