using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Users;

/// <summary>
/// What Admins do to accounts, audited. Naming a role or the disabled flag ends all the user's sessions (a retry too):
/// a new security stamp, committed with the change, ends them on every replica within seconds whatever Redis does,
/// and the sessions are also deleted from Redis at once when it answers. The last enabled Admin cannot be demoted or
/// disabled.
/// </summary>
public sealed class UserAdministration(CertVerifyDbContext db, UserAccounts accounts, SessionStore sessions, AuditLog audit,
    ILogger<UserAdministration> logger)
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
            await RevokeSessionsAsync(outcome.Value.Id);
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

    /// <summary>The new stamp already ends the sessions; deleting them from Redis makes it immediate, when Redis answers.</summary>
    private async Task RevokeSessionsAsync(Guid id)
    {
        int? ended = null;
        try
        {
            ended = await sessions.RevokeAllAsync(id);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Could not delete the sessions of {UserId} from Redis; its new security stamp ends them", id);
        }

        await audit.WriteAsync(AuditActions.SessionsRevoked, id.ToString(), new { count = ended, reason = "role or status changed" });
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

        if (role != user.Role)
        {
            audit.Add(AuditActions.RoleChanged, user.Id.ToString(), new { from = user.Role.ToString(), to = role.ToString() });
            user.Role = role;
        }

        if (disabled != user.Disabled)
        {
            audit.Add(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.Id.ToString());
            user.Disabled = disabled;
        }

        // Whenever named, changed or not: a retry after a failure must end the sessions as surely as the first try.
        var endSessions = request.Role is not null || request.Disabled is not null;
        if (endSessions)
        {
            user.RotateSecurityStamp();
        }

        if (request.Name is not null)
        {
            user.Name = request.Name.Trim();
        }

        return (user, endSessions);
    }

    private const long AdminChangesLockKey = 0x55_73_65_72_41_64_6D; // "UserAdm"
}
