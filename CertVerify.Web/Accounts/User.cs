using System.Security.Cryptography;

namespace CertVerify.Web.Accounts;

public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    /// <summary>Upper-cased, trimmed email: makes emails unique regardless of case.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    public string PasswordHash { get; set; } = "";

    public UserRole Role { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The address of the user's public profile, <c>/u/{handle}</c>: random (it says nothing about the user and cannot
    /// be enumerated), made when they first make a certificate public.
    /// </summary>
    public string? ProfileHandle { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    /// <summary>16 random characters of lower-case Crockford base32: 80 bits.</summary>
    public static string NewProfileHandle() =>
        RandomNumberGenerator.GetString("0123456789abcdefghjkmnpqrstvwxyz", UserLimits.ProfileHandleLength);
}
