using CertVerify.Web.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace CertVerify.Web.Auth;

/// <summary>
/// Part of the Admin policy: an API key acts as an Admin only with the admin scope, so a leaked key made for issuing
/// cannot create users, change roles or mint keys. The failure says which scope is missing (<see cref="ForbiddenProblems"/>).
/// </summary>
public sealed class AdminScopeRequirement : AuthorizationHandler<AdminScopeRequirement>, IAuthorizationRequirement
{
    public const string NeedsAdminScope =
        "API keys need the admin scope for Admin operations; this key has the issue scope. An Admin creates an admin-scope key from a signed-in session, re-entering the password.";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminScopeRequirement requirement)
    {
        // Anyone else who is not an Admin is refused by the policy's role requirement, which says so.
        if (context.User.IsInRole(nameof(UserRole.Admin)) && !context.User.IsAdmin())
        {
            context.Fail(new AuthorizationFailureReason(this, NeedsAdminScope));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
