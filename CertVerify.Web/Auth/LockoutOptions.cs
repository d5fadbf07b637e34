namespace CertVerify.Web.Auth;

/// <summary>Sign-in lockout per account, counted in Redis so every replica sees the same count.</summary>
public sealed class LockoutOptions
{
    public const string SectionName = "Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Failures further apart than this do not add up.</summary>
    public double WindowMinutes { get; set; } = 15;

    public double LockMinutes { get; set; } = 15;
}
