namespace CertVerify.Web.Auth;

/// <summary>Browser sessions: the cookie holds only a session id; the session itself lives in Redis.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A session unused for this long ends (sliding).</summary>
    public double IdleTimeoutHours { get; set; } = 8;

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public double AbsoluteLifetimeDays { get; set; } = 7;

    /// <summary>
    /// How long a replica trusts the security stamp it last read for a user: a session of a demoted or disabled user
    /// ends within this, on every replica, even if Redis missed the change.
    /// </summary>
    public double StampCheckSeconds { get; set; } = 5;
}
