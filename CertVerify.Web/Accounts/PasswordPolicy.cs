namespace CertVerify.Web.Accounts;

/// <summary>
/// Length over composition rules (NIST SP 800-63B): at least 12 characters, at most 128 (hashing a longer one only
/// costs the server), and not the account's own email.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public static string? Check(string password, string email)
    {
        if (password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be the email address.";
        }

        return string.IsNullOrWhiteSpace(password) ? "The password must not be blank." : null;
    }
}
