using System.Security.Cryptography;
using System.Text;
using CertVerify.Web.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace CertVerify.Web.Auth;

/// <summary>
/// The tokens in mailed links: signed and encrypted by Data Protection (the keys every replica shares), expiring, and
/// nothing stored. Single use by what they name: a confirmation names the email it confirms (confirming twice changes
/// nothing), a reset names a stamp of the password hash it replaces (the new password ends it, and every earlier link).
/// </summary>
public sealed class AccountTokens(IDataProtectionProvider protection)
{
    private readonly ITimeLimitedDataProtector _confirm = protection.CreateProtector("CertVerify.Auth.EmailConfirmation").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _reset = protection.CreateProtector("CertVerify.Auth.PasswordReset").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _claim = protection.CreateProtector("CertVerify.Auth.Claim").ToTimeLimitedDataProtector();

    public string Confirmation(User user, DateTimeOffset expires) => _confirm.Protect($"{user.Id:N}|{user.NormalizedEmail}", expires);

    public string PasswordReset(User user, DateTimeOffset expires) => _reset.Protect($"{user.Id:N}|{PasswordStamp(user)}", expires);

    /// <summary>A certificate's claim link: proof that whoever opens it reads mail at the recipient's address.</summary>
    public string Claim(Guid certificateId, string recipientEmail, DateTimeOffset expires) => _claim.Protect($"{certificateId:N}|{recipientEmail}", expires);

    /// <summary>The certificate a claim names and the address (as written on the certificate) it proves, or null.</summary>
    public (Guid CertificateId, string Email)? ReadClaim(string token) => Read(_claim, token);

    /// <summary>The user the confirmation names and the email it confirms, or null for a forged, altered or expired token.</summary>
    public (Guid UserId, string NormalizedEmail)? ReadConfirmation(string token) => Read(_confirm, token);

    /// <summary>The user the reset names and the stamp of the password it replaces, or null.</summary>
    public (Guid UserId, string Stamp)? ReadPasswordReset(string token) => Read(_reset, token);

    /// <summary>Whether the reset was made for the user's current password (compared in constant time).</summary>
    public static bool StampMatches(User user, string stamp) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PasswordStamp(user)), Encoding.ASCII.GetBytes(stamp));

    private static string PasswordStamp(User user) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(user.PasswordHash)));

    private static (Guid, string)? Read(ITimeLimitedDataProtector protector, string token)
    {
        try
        {
            var parts = protector.Unprotect(token).Split('|', 2);
            return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) ? (id, parts[1]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
