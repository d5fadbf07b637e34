using CertVerify.Web.Security;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// The problems any endpoint can answer, derived from what it is: 400 when it takes a body or a query or header value,
/// 413 when its body has a size limit, 415 when it takes a body, 429 when it is rate limited, 503 while PostgreSQL or
/// Redis is unreachable (<see cref="Hosting.DependencyUnavailableExceptionHandler"/>). Problems particular to one
/// endpoint (404, 409...) are declared on the endpoint itself.
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    /// <summary>Who shares a budget, per rate limiting policy (the numbers are configuration: RateLimitOptions).</summary>
    private static readonly Dictionary<string, string> Budgets = new()
    {
        [RateLimits.VerifyPolicy] = "per client IP",
        [RateLimits.LoginPolicy] = "per client IP, and per account after repeated failed sign-ins",
        [RateLimits.RegisterPolicy] = "per client IP",
        [RateLimits.UserPolicy] = "per user or API key (per client IP when anonymous)",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var hasBody = operation.RequestBody is not null;
        // Path parameters are left out: a route constraint (a guid) answers 404, and endpoints that check a path
        // parameter themselves declare their 400.
        if (hasBody || operation.Parameters?.Any(p => p.In != ParameterLocation.Path) == true)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest,
                "Invalid input: the fields refused and why, in `errors`; or a body that cannot be read.", validation: true, ct: cancellationToken);
        }

        if (metadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize is { } limit)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge,
                $"The body is larger than {Size(limit)}.", ct: cancellationToken);
        }

        if (hasBody)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status415UnsupportedMediaType,
                "The body is not one of the content types listed, or not in UTF-8.", ct: cancellationToken);
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any()
            && metadata.OfType<EnableRateLimitingAttribute>().LastOrDefault()?.PolicyName is { } policy)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status429TooManyRequests,
                $"Too many requests, counted {Budgets.GetValueOrDefault(policy, "per caller")}: wait as Retry-After says.",
                retryAfter: true, ct: cancellationToken);
        }

        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
            "PostgreSQL or Redis cannot be reached right now: try again shortly (after Retry-After, when given).", retryAfter: true,
            ct: cancellationToken);
    }

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KB"
        : $"{bytes:N0} bytes";
}
