using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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
            .WithDescription("From a signed-in session only (403 with an API key: a leaked key must not mint more). `scope` is " +
                "`issue` unless given: the owner's certificates and templates, never an Admin operation. `admin` (Admins only) also " +
                "allows the Admin operations and needs the caller's `password`, re-entered (400 when wrong, 429 after too many " +
                "wrong ones, as for sign-ins). The answer holds the key's text, shown this once; send it as `Authorization: Bearer <key>`.");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Owners revoke their own keys, Admins any key; 404 for another's key. Final: the key stays listed as revoked.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    /// <summary>The caller's own keys; an Admin may ask for everyone's with <c>?all=true</c>.</summary>
    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, bool? all, CancellationToken ct) =>
        TypedResults.Ok(await ApiKeyManager.ListForAsync(caller, db, all == true, ct));

    private static Task<Results<Created<CreatedKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateKeyRequest request, HttpContext context, ApiKeyManager keys) =>
        keys.CreateAsync(request, context.User, context.ClientIp()).ToResult(key => TypedResults.Created($"/api/keys/{key.Id}", key));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ClaimsPrincipal caller, ApiKeyManager keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, caller, ct) is { } refusal ? Problems.For(refusal) : TypedResults.NoContent();

    public static IServiceCollection AddApiKeyManagement(this IServiceCollection services) => services.AddScoped<ApiKeyManager>();
}
