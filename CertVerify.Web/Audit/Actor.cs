using System.Security.Claims;

namespace CertVerify.Web.Audit;

public sealed record Actor(Guid? Id, string? Email)
{
    public static Actor From(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
            ? new Actor(Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null, user.FindFirstValue(ClaimTypes.Email))
            : new Actor(null, null);
}
