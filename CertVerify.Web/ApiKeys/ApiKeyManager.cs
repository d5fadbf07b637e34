using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

/// <summary>Creating and revoking API keys, audited; owners manage their own keys, Admins any.</summary>
public sealed class ApiKeyManager(CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
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
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.UserId, k.User!.Email, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
    }

    /// <summary>Only from a signed-in session: a leaked key must not be able to mint more keys.</summary>
    public async Task<Outcome<CreatedKey>> CreateAsync(string name, ClaimsPrincipal caller)
    {
        if (!caller.SignedInWithCookie())
        {
            return Refusal.Forbidden("API keys are created from a signed-in session, not with another API key.");
        }

        var (key, text) = ApiKey.Create(caller.UserId(), name.Trim(), clock.GetUtcNow());
        db.ApiKeys.Add(key);
        audit.Add(AuditActions.KeyCreated, key.Id.ToString(), new { key.Name, key.Prefix });
        await db.SaveChangesAsync();
        return new CreatedKey(key.Id, key.Name, key.Prefix, text, key.CreatedAt);
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
