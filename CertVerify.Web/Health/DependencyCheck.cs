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
}
