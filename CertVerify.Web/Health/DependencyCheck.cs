using System.Text.Json.Serialization;

namespace CertVerify.Web.Health;

public sealed record DependencyCheck(string Status, double LatencyMs, string? Error = null)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    /// <summary>Overall status only: answering correctly from PostgreSQL, but without Redis (no cache, no sessions).</summary>
    public const string Degraded = "degraded";

    [JsonIgnore]
    public bool IsHealthy => Status == Healthy;

    /// <summary>
    /// Without PostgreSQL nothing can be answered: unhealthy (503). Without Redis verification still answers correctly
    /// (uncached): degraded (200), because Nginx counts a 503 to a GET as a failed replica, and monitoring polling this
    /// through Nginx took every replica out of rotation during a Redis outage.
    /// </summary>
    public static string Overall(DependencyCheck database, DependencyCheck redis) =>
        !database.IsHealthy ? Unhealthy : !redis.IsHealthy ? Degraded : Healthy;

    public static int StatusCode(string overall) =>
        overall == Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
}
