namespace CertVerify.Web.Security;

/// <summary>The answer for one request under one limit; <see cref="RetryAfter"/> when refused.</summary>
public sealed record RateLimitDecision(bool IsGranted, TimeSpan? RetryAfter)
{
    public static readonly RateLimitDecision Granted = new(true, null);
}
