namespace CertVerify.Web.Auth;

/// <summary>Browser sessions: the cookie holds only a session id; the session itself lives in Redis.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A session unused for this long ends (sliding).</summary>
    public double IdleTimeoutHours { get; set; } = 8;

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public double AbsoluteLifetimeDays { get; set; } = 7;
}

/// <summary>Sign-in lockout per account, counted in Redis so every replica sees the same count.</summary>
public sealed class LockoutOptions
{
    public const string SectionName = "Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Failures further apart than this do not add up.</summary>
    public double WindowMinutes { get; set; } = 15;

    public double LockMinutes { get; set; } = 15;
}

/// <summary>The first Admin, created at start when no account has this email (AppHost parameters admin-email and admin-password).</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}
