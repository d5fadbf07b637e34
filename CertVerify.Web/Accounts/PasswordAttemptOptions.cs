namespace CertVerify.Web.Accounts;

/// <summary>
/// How password guessing is slowed (<see cref="PasswordAttempts"/>): per account and client address, so that
/// nobody's failures keep the account's owner out from another address.
/// </summary>
public sealed class PasswordAttemptOptions
{
    public const string SectionName = "Lockout";

    /// <summary>Attempts from one address at one account before each further one must wait.</summary>
    public int FreeAttempts { get; set; } = 5;

    /// <summary>The first wait; each further failure doubles it, up to <see cref="MaxDelayMinutes"/>.</summary>
    public double FirstDelaySeconds { get; set; } = 30;

    public double MaxDelayMinutes { get; set; } = 15;

    /// <summary>Failures are forgotten this long after the last attempt; longer than the longest wait, or waiting it out would reset the count.</summary>
    public double WindowMinutes { get; set; } = 60;
}
