namespace CertVerify.Web.Auth;

/// <summary>The links mailed to account holders and recipients (section <c>Accounts</c>).</summary>
public sealed class AccountEmailOptions
{
    public const string SectionName = "Accounts";

    /// <summary>How long a self-registered account has to confirm its email; after it, the email can be registered again.</summary>
    public double ConfirmationHours { get; set; } = 48;

    /// <summary>How long a password reset link works, from the request.</summary>
    public double PasswordResetMinutes { get; set; } = 30;

    /// <summary>How long the claim link in a certificate's notification works.</summary>
    public double ClaimDays { get; set; } = 90;

    public static bool IsValid(AccountEmailOptions o) =>
        o.ConfirmationHours is > 0 and <= 24 * 30 && o.PasswordResetMinutes is > 0 and <= 24 * 60 && o.ClaimDays is > 0 and <= 366;
}
