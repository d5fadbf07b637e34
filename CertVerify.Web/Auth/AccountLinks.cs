namespace CertVerify.Web.Auth;

/// <summary>The pages mailed links open, at the configured public address (never a request's Host).</summary>
public static class AccountLinks
{
    public static string Confirmation(string baseUrl, string token) => $"{baseUrl}/account/confirm?token={Uri.EscapeDataString(token)}";

    public static string Claim(string baseUrl, string token) => $"{baseUrl}/account/claim?token={Uri.EscapeDataString(token)}";

    public static string PasswordReset(string baseUrl, string token) => $"{baseUrl}/account/reset?token={Uri.EscapeDataString(token)}";
}
