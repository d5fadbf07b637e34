using System.Text.Json;
using Json.Schema;

namespace CertVerify.Tests.AppHost;

/// <summary>
/// Aspire's own JSON schema of the deployment manifest, <c>aspire-8.0.json</c>, committed unchanged beside this file
/// (its source: Schemas/README.md) and copied to the test output.
/// </summary>
public static class AspireManifestSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "AppHost", "Schemas", "aspire-8.0.json"),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Every error the schema finds in <paramref name="manifest"/>, as "location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonElement manifest) => SchemaErrors.Of(Schema.Value, manifest, new EvaluationOptions());
}
