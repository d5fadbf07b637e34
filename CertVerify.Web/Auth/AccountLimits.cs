namespace CertVerify.Web.Auth;

public static class AccountLimits
{
    /// <summary>Longer than any token <see cref="AccountTokens"/> makes (about 200 characters).</summary>
    public const int TokenLength = 1000;
}
