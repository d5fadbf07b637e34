using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// Puts the <see cref="OperationExamples"/> of an operation (found by its name) into the document, serialized exactly as
/// the API serializes its answers. An example that fits no request body, parameter or response of its operation stops
/// the document from being generated (and so the build): examples cannot silently drift from the endpoints.
/// </summary>
public sealed class ExamplesTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is not { } name || !OperationExamples.ByOperation.TryGetValue(name, out var examples))
        {
            return;
        }

        foreach (var (parameterName, value) in examples.Parameters)
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == parameterName)
                ?? throw Misfit(name, $"parameter '{parameterName}'");
            parameter.Example = Serialize(value);
        }

        foreach (var request in examples.Requests)
        {
            var media = await RequestMediaTypeAsync(operation, context, request, cancellationToken) ?? throw Misfit(name, $"request body {request.ContentType}");
            if (request.Value is { } value)
            {
                Add(media, request.Name, request.Summary, value);
            }
        }

        foreach (var response in examples.Responses)
        {
            var media = operation.Responses is { } responses && responses.TryGetValue(response.Status.ToString(), out var declared)
                && declared.Content?.Values.FirstOrDefault() is { } first
                ? first
                : throw Misfit(name, $"response {response.Status}");
            Add(media, response.Name, response.Summary, response.Value);
        }
    }

    /// <summary>
    /// The request body's media type. An endpoint that reads its body itself (CSV, a raw JWT, an image) has none the
    /// generator could see: a request that brings its schema declares it. (<c>.Accepts</c> would declare it too, but
    /// routing then refuses every other content type with 415, before authorization.)
    /// </summary>
    private static async Task<OpenApiMediaType?> RequestMediaTypeAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, OperationExamples.Request request, CancellationToken ct)
    {
        if (operation.RequestBody?.Content is { } content && content.TryGetValue(request.ContentType, out var declared))
        {
            return declared;
        }

        if (request.Schema is null)
        {
            return null;
        }

        var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
        body.Content ??= new Dictionary<string, OpenApiMediaType>();
        var media = new OpenApiMediaType { Schema = await request.Schema(context, ct) };
        body.Content[request.ContentType] = media;
        operation.RequestBody = body;
        return media;
    }

    private void Add(OpenApiMediaType media, string name, string summary, object value)
    {
        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        media.Examples[name] = new OpenApiExample { Summary = summary, Value = Serialize(value) };
    }

    private System.Text.Json.Nodes.JsonNode? Serialize(object value) =>
        JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);

    private static InvalidOperationException Misfit(string operation, string what) =>
        new($"OpenAPI examples for '{operation}' name {what}, which the operation does not have (OpenApi/OperationExamples.cs).");
}
