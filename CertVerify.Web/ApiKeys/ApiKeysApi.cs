using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

/// <summary>API keys for issuing systems: Staff and Admins create keys for themselves, from a signed-in session.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys")
            .WithTags("API keys")
            .RequireAuthorization(Policies.Issuer);

        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("List API keys")
            .WithDescription("The caller's own keys, newest first (never their text); an Admin gets everyone's with `?all=true`.");
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("From a signed-in session only (403 with an API key: a leaked key must not mint more). The answer " +
                "holds the key's text, shown this once; send it as `Authorization: Bearer <key>`.");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Owners revoke their own keys, Admins any key; 404 for another's key. Final: the key stays listed as revoked.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public sealed record CreateKeyRequest([Required, StringLength(ApiKeyLimits.NameLength, MinimumLength = 1)] string Name);

    public sealed record ApiKeyView(Guid Id, string Name, string Prefix, Guid UserId, string? UserEmail,
        DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    /// <summary>The only time the key's text is shown.</summary>
    public sealed record CreatedKey(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

    /// <summary>The caller's own keys; an Admin may ask for everyone's with <c>?all=true</c>.</summary>
    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, bool? all, CancellationToken ct) =>
        TypedResults.Ok(await ListForAsync(caller, db, all == true, ct));

    /// <summary>The keys the caller may see, newest first: their own, or everyone's for an Admin asking for all.</summary>
    internal static async Task<IReadOnlyList<ApiKeyView>> ListForAsync(ClaimsPrincipal caller, CertVerifyDbContext db, bool all, CancellationToken ct)
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
    private static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(
        CreateKeyRequest request, ClaimsPrincipal caller, CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
    {
        if (!caller.SignedInWithCookie())
        {
            return Problems.Forbidden("API keys are created from a signed-in session, not with another API key.");
        }

        var (key, text) = ApiKey.Create(caller.UserId(), request.Name.Trim(), clock.GetUtcNow());
        db.ApiKeys.Add(key);
        audit.Add(AuditActions.KeyCreated, key.Id.ToString(), new { key.Name, key.Prefix });
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/keys/{key.Id}", new CreatedKey(key.Id, key.Name, key.Prefix, text, key.CreatedAt));
    }

    /// <summary>Owners revoke their keys, Admins any key. Revoking is final; a revoked key stays listed.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, CertVerifyDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || (key.UserId != caller.UserId() && !caller.IsAdmin()))
        {
            return Problems.NotFound("API key");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditActions.KeyRevoked, key.Id.ToString(), new { key.Name, key.Prefix, owner = key.UserId });
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.NoContent();
    }
}
