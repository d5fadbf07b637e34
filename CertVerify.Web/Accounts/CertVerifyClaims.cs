using System.Security.Claims;

namespace CertVerify.Web.Accounts;

public static class CertVerifyClaims
{
    /// <summary>The Redis session behind a cookie sign-in.</summary>
    public const string SessionId = "sid";

    /// <summary>How the caller signed in: <see cref="CookieMethod"/> or <see cref="ApiKeyMethod"/>.</summary>
    public const string AuthMethod = "amr";

    public const string ApiKeyId = "kid";

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
            ],
            authenticationType);

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The caller is not signed in."));

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(nameof(UserRole.Admin));

    public static bool SignedInWithCookie(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(AuthMethod) == CookieMethod;
}
