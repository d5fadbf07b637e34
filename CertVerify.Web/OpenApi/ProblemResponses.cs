using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>Adds RFC 9457 problem responses to an operation, for the transformers that derive them from metadata.</summary>
internal static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Adds the response unless the endpoint declared that status itself: its own declaration wins (only gaining the
    /// Retry-After header when it is a problem too). <paramref name="retryAfter"/> documents that header.
    /// </summary>
    public static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status,
        string description, bool retryAfter = false, bool validation = false, CancellationToken ct = default)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.TryGetValue(status.ToString(), out var declared))
        {
            if (retryAfter && declared is OpenApiResponse own && own.Content?.ContainsKey(ContentType) == true)
            {
                AddRetryAfter(own);
            }

            return;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ContentType] = new() { Schema = await SchemaAsync(context, validation ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), ct) },
            },
        };
        if (retryAfter)
        {
            AddRetryAfter(response);
        }

        operation.Responses[status.ToString()] = response;
    }

    private static void AddRetryAfter(OpenApiResponse response)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        };
    }

    /// <summary>A reference to the type's schema in the document's components, added there the first time.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken ct)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(type.Name))
        {
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, null, ct);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
