using System.Text.Json.Nodes;
using System.Text.Json;
using Json.Schema;

namespace CertVerify.Web.Credentials;

/// <summary>
/// 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema (draft 2019-09), embedded unchanged
/// (Credentials/Schemas/README.md), as a verifier checks a credential with it.
/// </summary>
public static class OpenBadgesSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    /// <summary>The schema's first error in the credential, as "location: message"; null when it is valid.</summary>
    public static string? FirstError(JsonObject credential)
    {
        var results = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(credential), Options);
        if (results.IsValid)
        {
            return null;
        }

        var failure = Failures(results).FirstOrDefault();
        var location = failure?.InstanceLocation.ToString() is { Length: > 0 } path ? path : "/";
        return $"{location}: {failure?.Errors!.Values.First() ?? "invalid"}";
    }

    /// <summary>
    /// The nodes that carry errors, reached through failed nodes only: a branch of a <c>oneOf</c> that another branch
    /// satisfied has errors of its own, but is no failure of the credential.
    /// </summary>
    private static IEnumerable<EvaluationResults> Failures(EvaluationResults node) =>
        node.IsValid ? [] : (node.Errors is { Count: > 0 } ? [node] : Enumerable.Empty<EvaluationResults>()).Concat((node.Details ?? []).SelectMany(Failures));

    private static JsonSchema Load()
    {
        using var stream = typeof(OpenBadgesSchema).Assembly.GetManifestResourceStream("ob_v3p0_achievementcredential_schema.json")
            ?? throw new InvalidOperationException("The Open Badges 3.0 schema is not embedded.");
        using var reader = new StreamReader(stream);
        // A registry of its own: another copy of the schema (a test's) may be built in the same process.
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
