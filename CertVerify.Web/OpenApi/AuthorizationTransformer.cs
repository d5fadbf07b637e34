using CertVerify.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// Each operation's security requirement, read from the endpoint's authorization metadata the way the authorization
/// middleware reads it: anonymous endpoints get an empty requirement (<c>security: [{}]</c>, nothing needed); the
/// others accept the session cookie or an API key, naming the roles the combined policy admits (OpenAPI 3.1 lets a
/// requirement list roles for non-OAuth schemes), with the 401 and 403 problems they answer.
/// </summary>
public sealed class AuthorizationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement()];
            Describe(operation, "Anonymous: no session or API key needed.");
            return;
        }

        var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        if (policy is null)
        {
            // No rule at all: left without a requirement, which the OpenAPI tests refuse (Program.cs requires one by default).
            return;
        }

        var roles = RolesOf(policy);
        var adminScope = policy.Requirements.OfType<AdminScopeRequirement>().Any();
        var apiKey = adminScope ? "an API key of the admin scope" : "an API key";
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.SessionScheme, context.Document)] = roles },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.ApiKeyScheme, context.Document)] = roles },
        ];
        Describe(operation, roles.Count == 0
            ? $"Signed in, any role: a session cookie or {apiKey}."
            : $"Signed in as {string.Join(" or ", roles)}: a session cookie or {apiKey}.");

        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized,
            "Not signed in: no session cookie or API key, or one that is expired, revoked or invalid.", ct: cancellationToken);
        if (ForbiddenWhen(roles, adminScope, context.Description.HttpMethod) is { } forbidden)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden, forbidden, ct: cancellationToken);
        }
    }

    /// <summary>Why a signed-in caller is refused: a role the policy does not admit, a key without the admin scope, or a change without the CSRF token.</summary>
    private static string? ForbiddenWhen(List<string> roles, bool adminScope, string? method)
    {
        List<string> reasons = [];
        if (roles.Count > 0)
        {
            reasons.Add($"signed in, but not as {string.Join(" or ", roles)}");
        }

        if (adminScope)
        {
            reasons.Add("an API key of the issue scope");
        }

        if (!HttpMethods.IsGet(method ?? HttpMethods.Get))
        {
            reasons.Add($"a session request without the CSRF token in {AuthExtensions.CsrfHeader}");
        }

        return reasons.Count == 0 ? null : $"Refused: {string.Join("; or ", reasons)}.";
    }

    /// <summary>The roles that satisfy every role requirement of the policy (each must pass); empty when any role does.</summary>
    private static List<string> RolesOf(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .Select(requirement => requirement.AllowedRoles)
            .Aggregate((IEnumerable<string>?)null, (admitted, allowed) => admitted?.Intersect(allowed) ?? allowed)
            ?.ToList() ?? [];

    private static void Describe(OpenApiOperation operation, string authorization) =>
        operation.Description = $"{operation.Description}\n\n**Authorization:** {authorization}".TrimStart();
}
