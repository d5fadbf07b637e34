using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CertVerify.Web.Health;

/// <summary>
/// <c>/health</c>'s view of PostgreSQL: the round trip <c>/api/health</c> makes, answered within its timeout and
/// without EF Core's retries (which kept a probe waiting a second while PostgreSQL was down: longer than a platform's
/// usual one-second probe timeout).
/// </summary>
public sealed class DatabaseHealthCheck(DependencyHealth dependencies) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var database = await dependencies.CheckDatabaseAsync(ct);
        return database.IsHealthy ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus, database.Error);
    }
}
