using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// The generator lists every constructor parameter of a record as required, so a request such as
/// <c>{"recipientName": "...", "title": "..."}</c> would look incomplete without <c>description: null</c> and the rest.
/// The JSON reader takes a missing nullable property as null: only what cannot be null, or what the reader or validation
/// (<see cref="RequiredAttribute"/>) requires, stays required. (In answers those properties are always written, null or
/// not; "may be absent" is the safe reading.)
/// </summary>
public sealed class OptionalNullablesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsSetNullable && !Demanded(p)))
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Required by the reader or by validation, on the property or (records) on the constructor parameter.</summary>
    private static bool Demanded(JsonPropertyInfo property) =>
        property.IsRequired
        || property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
}
