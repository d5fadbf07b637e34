using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Accounts;

/// <summary>Creating accounts and checking passwords, the same way for self-registration, Admins and the bootstrap.</summary>
public sealed class UserAccounts(CertVerifyDbContext db, IPasswordHasher<User> hasher, TimeProvider clock)
{
    // Verified against when no account matches, so a wrong email costs as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    private const string EmailTaken = "An account with this email already exists.";

    /// <summary>
    /// The new user, added but not saved; refused for a weak password (Invalid) or a taken email (Conflict). With
    /// <paramref name="confirmBy"/> the account is unconfirmed until then (self-registration); without, its email counts
    /// as confirmed (an Admin vouches for it). An unconfirmed account past its deadline does not hold its email: it is
    /// removed in the same save, so nobody can squat an address.
    /// </summary>
    public async Task<Outcome<User>> CreateAsync(string email, string name, string password, UserRole role, DateTimeOffset? confirmBy = null)
    {
        email = email.Trim();
        if (PasswordPolicy.Check(password, email) is { } weak)
        {
            return Refusal.Invalid("password", weak);
        }

        var normalized = User.Normalize(email);
        var now = clock.GetUtcNow();
        if (await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized) is { } holder)
        {
            if (holder.EmailConfirmedAt is not null || holder.ConfirmBy > now)
            {
                return Refusal.Conflict(EmailTaken);
            }

            db.Users.Remove(holder);
        }

        var user = new User
        {
            Email = email, NormalizedEmail = normalized, Name = name.Trim(), Role = role, CreatedAt = now,
            EmailConfirmedAt = confirmBy is null ? now : null, ConfirmBy = confirmBy,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        return user;
    }

    /// <summary>Saves, turning a lost race on the unique email into the same answer as the check above.</summary>
    public async Task<Refusal?> SaveAsync()
    {
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return Refusal.Conflict(EmailTaken);
        }
    }

    /// <summary>The enabled account with this email and password, or null (for any reason: the caller cannot tell which).</summary>
    public async Task<User?> VerifyAsync(string email, string password)
    {
        var normalized = User.Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return null;
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed || user.Disabled)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync();
        }

        return user;
    }

    public bool PasswordMatches(User user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public void SetPassword(User user, string password) => user.PasswordHash = hasher.HashPassword(user, password);
}
