using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CertVerify.Web.Auth;

/// <summary>
/// A signed-in caller that a policy refuses gets a 403 problem saying what it lacks (the role, or the key's scope),
/// not an empty 403. Pages keep their own answer (a browser gets the error page).
/// </summary>
public sealed class ForbiddenProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && !ErrorPages.WantsHtml(context))
        {
            await Problems.Forbidden(Why(authorizeResult.AuthorizationFailure)).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Why(AuthorizationFailure? failure)
    {
        if (failure?.FailureReasons.FirstOrDefault() is { } reason)
        {
            return reason.Message;
        }

        var roles = failure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList() ?? [];
        return roles.Count > 0
            ? $"This needs the {string.Join(" or ", roles)} role."
            : "You are signed in, but not allowed to do this.";
    }
}
