using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

/// <summary>
/// What proves an account holder owns their address: registration mails a confirmation link (the account sees no
/// certificates until it is used), and a forgotten password is reset by a mailed link. Each message is written to the
/// outbox in the transaction of what caused it.
/// </summary>
public sealed class AccountEmails(
    CertVerifyDbContext db, UserAccounts accounts, MailOutbox outbox, AccountTokens tokens, SessionStore sessions, AuditLog audit,
    IOptions<AccountEmailOptions> options, TimeProvider clock)
{
    private const string BadLink = "This link is not valid or has expired.";

    /// <summary>A Recipient account, unconfirmed until its link is used, and the mail with the link.</summary>
    public async Task<Outcome<User>> RegisterAsync(string email, string name, string password)
    {
        var confirmBy = clock.GetUtcNow().AddHours(options.Value.ConfirmationHours);
        var created = await accounts.CreateAsync(email, name, password, UserRole.Recipient, confirmBy);
        if (created.Value is not { } user)
        {
            return created;
        }

        audit.Add(AuditActions.Register, user.Id.ToString(), new { user.Email }, new Actor(user.Id, user.Email));
        outbox.Add(MailKind.AccountConfirmation, user.Email, userId: user.Id);
        return await accounts.SaveAsync() is { } conflict ? conflict : user;
    }

    /// <summary>Another copy of the link (its deadline stays the one set at registration); a conflict once confirmed.</summary>
    public async Task<Refusal?> ResendConfirmationAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.FindAsync([userId], ct);
        if (user is null)
        {
            return Refusal.NotFound("user");
        }

        if (user.EmailConfirmed)
        {
            return Refusal.Conflict("This address is already confirmed.");
        }

        outbox.Add(MailKind.AccountConfirmation, user.Email, userId: user.Id);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The account confirmed (again, harmlessly, when it already was); refused for a forged, altered or expired link.</summary>
    public async Task<Refusal?> ConfirmAsync(string token, CancellationToken ct)
    {
        if (tokens.ReadConfirmation(token) is not var (userId, email)
            || await db.Users.FindAsync([userId], ct) is not { Disabled: false } user
            || !CryptographicEquals(user.NormalizedEmail, email))
        {
            return Refusal.Invalid("token", BadLink);
        }

        if (!user.EmailConfirmed)
        {
            Confirm(user);
            audit.Add(AuditActions.EmailConfirmed, user.Id.ToString(), new { user.Email }, new Actor(user.Id, user.Email));
            await db.SaveChangesAsync(ct);
        }

        return null;
    }

    /// <summary>
    /// Mails a reset link when an enabled account has this email; does nothing otherwise. The caller answers the same
    /// either way, so the answer tells nobody whether the address has an account.
    /// </summary>
    public async Task RequestPasswordResetAsync(string email, CancellationToken ct)
    {
        var normalized = User.Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized && !u.Disabled, ct);
        if (user is null)
        {
            return;
        }

        outbox.Add(MailKind.PasswordReset, user.Email, userId: user.Id);
        audit.Add(AuditActions.PasswordResetRequested, user.Id.ToString(), new { user.Email }, new Actor(null, user.Email));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The new password set, the address confirmed (the link reached it) and every session of the account ended. The
    /// link names the password it replaces, so it works once, and an older link not at all.
    /// </summary>
    public async Task<Refusal?> ResetPasswordAsync(string token, string newPassword, CancellationToken ct)
    {
        if (tokens.ReadPasswordReset(token) is not var (userId, stamp)
            || await db.Users.FindAsync([userId], ct) is not { Disabled: false } user
            || !AccountTokens.StampMatches(user, stamp))
        {
            return Refusal.Invalid("token", BadLink);
        }

        if (PasswordPolicy.Check(newPassword, user.Email) is { } weak)
        {
            return Refusal.Invalid("newPassword", weak);
        }

        accounts.SetPassword(user, newPassword);
        // Every session ends with the new stamp, even those Redis cannot delete below.
        user.RotateSecurityStamp();
        if (!user.EmailConfirmed)
        {
            Confirm(user);
        }

        audit.Add(AuditActions.PasswordReset, user.Id.ToString(), actor: new Actor(user.Id, user.Email));
        await db.SaveChangesAsync(ct);
        var ended = await sessions.RevokeAllAsync(user.Id);
        await audit.WriteAsync(AuditActions.SessionsRevoked, user.Id.ToString(), new { count = ended, reason = "password reset" });
        return null;
    }

    /// <summary>
    /// A certificate's claim link used: the address it was mailed to is proved. Signed in as the account with that email,
    /// the account is confirmed; with no account, one is created (a Recipient, confirmed) from the name and password;
    /// another account holds the email: a conflict (sign in as it first). Refused for a bad or expired link.
    /// </summary>
    public async Task<Outcome<User>> ClaimAsync(string token, string? name, string? password, Guid? signedIn, CancellationToken ct)
    {
        if (tokens.ReadClaim(token) is not var (_, email))
        {
            return Refusal.Invalid("token", BadLink);
        }

        var normalized = User.Normalize(email);
        if (await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct) is { } holder
            && (holder.EmailConfirmed || holder.ConfirmBy > clock.GetUtcNow()))
        {
            if (holder.Id != signedIn || holder.Disabled)
            {
                return Refusal.Conflict("An account has this email: sign in as it, then open the link again.");
            }

            if (!holder.EmailConfirmed)
            {
                Confirm(holder);
                audit.Add(AuditActions.EmailConfirmed, holder.Id.ToString(), new { holder.Email, claim = true }, new Actor(holder.Id, holder.Email));
                await db.SaveChangesAsync(ct);
            }

            return holder;
        }

        if (string.IsNullOrWhiteSpace(name) || password is null)
        {
            return Refusal.Invalid([("name", "Give your name and a password to create your account.")]);
        }

        var created = await accounts.CreateAsync(email, name, password, UserRole.Recipient);
        if (created.Value is { } user)
        {
            audit.Add(AuditActions.Register, user.Id.ToString(), new { user.Email, claim = true }, new Actor(user.Id, user.Email));
            if (await accounts.SaveAsync() is { } conflict)
            {
                return conflict;
            }
        }

        return created;
    }

    private void Confirm(User user) => (user.EmailConfirmedAt, user.ConfirmBy) = (clock.GetUtcNow(), null);

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
