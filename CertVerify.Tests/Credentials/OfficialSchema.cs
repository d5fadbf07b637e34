using System.Text.Json;
using Json.Schema;

namespace CertVerify.Tests.Credentials;

/// <summary>1EdTech's Open Badges 3.0 AchievementCredential JSON Schema (the committed copy, CertVerify.Web/Credentials/Schemas/README.md), evaluated by the tests themselves.</summary>
public static class OfficialSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Credentials", "Schemas", "ob_v3p0_achievementcredential_schema.json"),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Every error the schema finds in <paramref name="credential"/>, as "location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonElement credential) =>
        SchemaErrors.Of(Schema.Value, credential, new EvaluationOptions { RequireFormatValidation = true });
}
