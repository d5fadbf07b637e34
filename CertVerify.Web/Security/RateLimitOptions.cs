
namespace CertVerify.Web.Security;

/// <summary>Requests per minute, counted in Redis so the limits hold whichever replica answers.</summary>
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
}
