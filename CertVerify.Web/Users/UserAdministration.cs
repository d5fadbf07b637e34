using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Users;

/// <summary>
/// What Admins do to accounts, audited. A new role or disabling ends all the user's sessions, so the change applies at
/// once on every replica; the last enabled Admin cannot be demoted or disabled.
/// </summary>
public sealed class UserAdministration(CertVerifyDbContext db, UserAccounts accounts, SessionStore sessions, AuditLog audit)
{
    public async Task<Outcome<User>> CreateAsync(CreateUserRequest request)
    {
        var created = await accounts.CreateAsync(request.Email, request.Name, request.Password, request.Role!.Value);
        if (created.Value is not { } user)
        {
            return created;
        }

        audit.Add(AuditActions.UserCreated, user.Id.ToString(), new { user.Email, role = user.Role.ToString() });
        return await accounts.SaveAsync() is { } conflict ? conflict : user;
    }

    public async Task<Outcome<User>> UpdateAsync(Guid id, UpdateUserRequest request, CancellationToken ct)
    {
        // Optional, but when given a name like any other: [Required] refuses blank ones, StringLength does not.
        if (request.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            return Refusal.Invalid("name", "The name must not be blank.");
        }

        // The whole read-check-write runs in one transaction (retried as a unit by the connection's retry strategy).
        var (outcome, endSessions) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Serialises Admin changes, so two Admins demoting each other at once cannot leave none.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdminChangesLockKey})", ct);
            var applied = await ApplyAsync(id, request, ct);
            if (applied.Outcome.Succeeded)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return applied;
        });

        if (outcome.Succeeded && endSessions)
        {
            var ended = await sessions.RevokeAllAsync(outcome.Value.Id);
            await audit.WriteAsync(AuditActions.SessionsRevoked, outcome.Value.Id.ToString(), new { count = ended, reason = "role or status changed" });
        }

        return outcome;
    }

    /// <summary>Ends every session of the user; null when done.</summary>
    public async Task<Refusal?> EndSessionsAsync(Guid id, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, ct))
        {
            return Refusal.NotFound("user");
        }

        var ended = await sessions.RevokeAllAsync(id);
        await audit.WriteAsync(AuditActions.SessionsRevoked, id.ToString(), new { count = ended, reason = "revoked by an Admin" });
        return null;
    }

    /// <summary>Ends one session of the user; null when done.</summary>
    public async Task<Refusal?> EndSessionAsync(Guid id, string sessionId)
    {
        if (!await sessions.RevokeAsync(id, sessionId))
        {
            return Refusal.NotFound("session");
        }

        await audit.WriteAsync(AuditActions.SessionsRevoked, id.ToString(), new { count = 1, reason = "revoked by an Admin" });
        return null;
    }

    private async Task<(Outcome<User> Outcome, bool EndSessions)> ApplyAsync(Guid id, UpdateUserRequest request, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return (Refusal.NotFound("user"), false);
        }

        var role = request.Role ?? user.Role;
        var disabled = request.Disabled ?? user.Disabled;
        var losesAdmin = user.Role == UserRole.Admin && !user.Disabled && (role != UserRole.Admin || disabled);
        if (losesAdmin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == UserRole.Admin && !u.Disabled, ct))
        {
            return (Refusal.Conflict("This is the last enabled Admin: make another Admin first."), false);
        }

        var endSessions = false;
        if (role != user.Role)
        {
            audit.Add(AuditActions.RoleChanged, user.Id.ToString(), new { from = user.Role.ToString(), to = role.ToString() });
            user.Role = role;
            endSessions = true;
        }

        if (disabled != user.Disabled)
        {
            audit.Add(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.Id.ToString());
            user.Disabled = disabled;
            endSessions |= disabled;
        }

        if (request.Name is not null)
        {
            user.Name = request.Name.Trim();
        }

        return (user, endSessions);
    }

    private const long AdminChangesLockKey = 0x55_73_65_72_41_64_6D; // "UserAdm"
}
