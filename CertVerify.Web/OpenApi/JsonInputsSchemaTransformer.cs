using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// <see cref="Hosting.JsonInputs"/> reads every string and date through converters of its own (no NUL, UTC only). The
/// schema generator cannot see through a custom converter: it leaves those schemas empty (any value), and drops them
/// where they are the items of a list or the values of a map. They are described here as what they are on the wire,
/// strings and date-time strings, nullable where the property is.
/// </summary>
public sealed class JsonInputsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var info = context.JsonTypeInfo;
        if (schema.Type is null && StringSchema(info.Type) is { } value)
        {
            schema.Type = value.Type;
            schema.Format = value.Format;
            if (context.JsonPropertyInfo is { IsGetNullable: true })
            {
                schema.Type |= JsonSchemaType.Null;
            }
        }
        else if (info.Kind == JsonTypeInfoKind.Enumerable && schema.Items is null && StringSchema(info.ElementType!) is { } item)
        {
            schema.Items = item;
        }
        else if (info.Kind == JsonTypeInfoKind.Dictionary && schema.AdditionalProperties is null && StringSchema(info.ElementType!) is { } entry)
        {
            schema.AdditionalProperties = entry;
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema? StringSchema(Type type) =>
        type == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String }
        : type == typeof(DateTimeOffset) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
        : type == typeof(DateTimeOffset?) ? new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Format = "date-time" }
        : null;
}
