using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

/// <summary>Creating and revoking API keys, audited; owners manage their own keys, Admins any.</summary>
public sealed class ApiKeyManager(CertVerifyDbContext db, UserAccounts accounts, PasswordAttempts attempts, AuditLog audit, TimeProvider clock)
{
    /// <summary>The keys the caller may see, newest first: their own, or everyone's for an Admin asking for all.</summary>
    public static async Task<IReadOnlyList<ApiKeyView>> ListForAsync(ClaimsPrincipal caller, CertVerifyDbContext db, bool all, CancellationToken ct)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (!all || !caller.IsAdmin())
        {
            var userId = caller.UserId();
            query = query.Where(k => k.UserId == userId);
        }

        return await query.OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Scope, k.Prefix, k.UserId, k.User!.Email, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Only from a signed-in session: a leaked key must not be able to mint more keys. The admin scope only for an
    /// Admin who re-enters the password (counted like a sign-in), so that a stolen session alone cannot make one.
    /// </summary>
    public async Task<Outcome<CreatedKey>> CreateAsync(CreateKeyRequest request, ClaimsPrincipal caller, string? clientIp)
    {
        if (!caller.SignedInWithCookie())
        {
            return Refusal.Forbidden("API keys are created from a signed-in session, not with another API key.");
        }

        var scope = request.Scope ?? ApiKeyScope.Issue;
        if (scope == ApiKeyScope.Admin && await CheckAdminScopeAsync(request.Password, caller, clientIp) is { } refused)
        {
            return refused;
        }

        var (key, text) = ApiKey.Create(caller.UserId(), request.Name.Trim(), scope, clock.GetUtcNow());
        db.ApiKeys.Add(key);
        audit.Add(AuditActions.KeyCreated, key.Id.ToString(), new { key.Name, key.Prefix, scope = key.Scope.ToString() });
        await db.SaveChangesAsync();
        return new CreatedKey(key.Id, key.Name, key.Scope, key.Prefix, text, key.CreatedAt);
    }

    private async Task<Refusal?> CheckAdminScopeAsync(string? password, ClaimsPrincipal caller, string? clientIp)
    {
        if (!caller.IsAdmin())
        {
            return Refusal.Forbidden("Only Admins create keys with the admin scope.");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Refusal.Invalid("password", "Re-enter your password to create a key with the admin scope.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == caller.UserId());
        var attempt = await attempts.CheckAsync(user.Email, clientIp, () => Task.FromResult(accounts.PasswordMatches(user, password)));
        return attempt switch
        {
            { WaitFor: { } wait } => Refusal.TooManyRequests("Too many wrong passwords from this address. Try again later.", wait),
            { Matched: false } => Refusal.Invalid("password", "The password is not correct."),
            _ => null,
        };
    }

    /// <summary>Revoking is final; a revoked key stays listed. Another's key is not found (Admins excepted). Null when done.</summary>
    public async Task<Refusal?> RevokeAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || (key.UserId != caller.UserId() && !caller.IsAdmin()))
        {
            return Refusal.NotFound("API key");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditActions.KeyRevoked, key.Id.ToString(), new { key.Name, key.Prefix, owner = key.UserId });
            await db.SaveChangesAsync(ct);
        }

        return null;
    }
}
