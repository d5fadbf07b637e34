using System.Security.Claims;

namespace CertVerify.Web.Accounts;

public static class CertVerifyClaims
{
    /// <summary>The Redis session behind a cookie sign-in.</summary>
    public const string SessionId = "sid";

    /// <summary>How the caller signed in: <see cref="CookieMethod"/> or <see cref="ApiKeyMethod"/>.</summary>
    public const string AuthMethod = "amr";

    public const string ApiKeyId = "kid";

    /// <summary>An API key's <see cref="ApiKeyScope"/>.</summary>
    public const string Scope = "scope";

    /// <summary>The user's security stamp when the session began: a session whose stamp is no longer the user's is over.</summary>
    public const string SecurityStamp = "stamp";

    public const string CookieMethod = "cookie";
    public const string ApiKeyMethod = "apikey";

    public static ClaimsIdentity CreateIdentity(User user, string authenticationType, string method) =>
        new(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role.ToString()),
                new Claim(AuthMethod, method),
                new Claim(SecurityStamp, user.SecurityStamp.ToString()),
            ],
            authenticationType);

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The caller is not signed in."));

    /// <summary>
    /// Whether the caller acts with an Admin's rights: an Admin with a session, or with a key of the admin scope. An
    /// Admin's key of the issue scope acts as an issuer of its owner's certificates and templates only.
    /// </summary>
    public static bool IsAdmin(this ClaimsPrincipal principal) =>
        principal.IsInRole(nameof(UserRole.Admin)) && (!principal.SignedInWithApiKey() || principal.HasScope(ApiKeyScope.Admin));

    public static bool SignedInWithApiKey(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(AuthMethod) == ApiKeyMethod;

    public static bool HasScope(this ClaimsPrincipal principal, ApiKeyScope scope) => principal.HasClaim(Scope, scope.ToString());

    public static bool SignedInWithCookie(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(AuthMethod) == CookieMethod;
}
