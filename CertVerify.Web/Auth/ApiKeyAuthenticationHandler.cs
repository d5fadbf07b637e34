using System.Security.Claims;
using System.Text.Encodings.Web;
using CertVerify.Web.Accounts;
using CertVerify.Web.ApiKeys;
using CertVerify.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer cvk_...</c>: the key's owner, with the owner's current role and the key's scope, unless the
/// key is revoked or the owner disabled. Last use is recorded at most once a minute per key, to keep writes off the hot path.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CertVerifyDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKey.TryParse(header["Bearer ".Length..].Trim(), out var prefix, out var secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var key = await db.ApiKeys.Include(k => k.User).SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !key.Matches(secret) || key.RevokedAt is not null || key.User is null || key.User.Disabled)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(update => update.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = CertVerifyClaims.CreateIdentity(key.User, SchemeName, CertVerifyClaims.ApiKeyMethod);
        identity.AddClaim(new Claim(CertVerifyClaims.ApiKeyId, key.Id.ToString()));
        identity.AddClaim(new Claim(CertVerifyClaims.Scope, key.Scope.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
