using System.Security.Cryptography;
using CertVerify.Web.Data;

namespace CertVerify.Web.Accounts;

public sealed class User : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Id.ToString();

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    /// <summary>The email reduced by <see cref="EmailComparison"/>: emails are unique and matched by it.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    public string PasswordHash { get; set; } = "";

    public UserRole Role { get; set; }

    public bool Disabled { get; set; }

    /// <summary>
    /// Copied into every session at sign-in and checked on each request (<c>SecurityStamps</c>): a new stamp ends every
    /// session of the user on every replica, whether or not Redis could be told.
    /// </summary>
    public Guid SecurityStamp { get; private set; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the user proved the address is theirs (the confirmation link, a reset link, a claim link); set at creation for
    /// accounts an Admin made. Until then the account sees no certificates and can make none public.
    /// </summary>
    public DateTimeOffset? EmailConfirmedAt { get; set; }

    /// <summary>
    /// Until when an unconfirmed account holds its address: after it, registering the same email replaces the account,
    /// so nobody can squat an address. Fixed at registration (a resent link does not extend it).
    /// </summary>
    public DateTimeOffset? ConfirmBy { get; set; }

    public bool EmailConfirmed => EmailConfirmedAt is not null;

    /// <summary>
    /// The address of the user's public profile, <c>/u/{handle}</c>: random (it says nothing about the user and cannot
    /// be enumerated), made when they first make a certificate public.
    /// </summary>
    public string? ProfileHandle { get; set; }

    /// <summary>Ends every session of the user: made when the role or the disabled flag is set, and on a password reset.</summary>
    public void RotateSecurityStamp() => SecurityStamp = Guid.NewGuid();

    public static string Normalize(string email) => EmailComparison.Normalize(email);

    /// <summary>16 random characters of lower-case Crockford base32: 80 bits.</summary>
    public static string NewProfileHandle() =>
        RandomNumberGenerator.GetString("0123456789abcdefghjkmnpqrstvwxyz", UserLimits.ProfileHandleLength);
}
