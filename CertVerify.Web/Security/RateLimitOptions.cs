
namespace CertVerify.Web.Security;

/// <summary>Requests per minute, counted across the replicas through Redis (<see cref="SharedWindowCounts"/>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Anonymous verification, per client IP.</summary>
    public int VerifyPerMinute { get; set; } = 60;

    /// <summary>Sign-in attempts, per client IP (on top of the per-account lockout).</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Registrations, per client IP.</summary>
    public int RegisterPerMinute { get; set; } = 5;

    /// <summary>Authenticated API calls, per user or API key.</summary>
    public int UserPerMinute { get; set; } = 600;

    /// <summary>
    /// Below this share of its limit, a client's permits are reserved in Redis in blocks and spent locally; above it,
    /// one Redis round trip per request keeps the count exact.
    /// </summary>
    public double LocalShare { get; set; } = 0.5;

    /// <summary>How often a replica gives back permits it reserved for clients that did not come back.</summary>
    public int SyncIntervalMilliseconds { get; set; } = 100;
}
