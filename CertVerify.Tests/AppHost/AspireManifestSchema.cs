using System.Text.Json;
using Json.Schema;

namespace CertVerify.Tests.AppHost;

/// <summary>
/// Aspire's own JSON schema of the deployment manifest, <c>aspire-8.0.json</c> (the <c>$id</c> the manifest format is
/// published under): repository dotnet/aspire, path src/Schema/aspire-8.0.json, commit 268592dad02fe9a5350f60bbca1fa5ec0f720aa0.
/// It is third-party material, so it is not committed here: it is read from the workplace's shared folder beside the
/// repository (<c>shared/schemas/aspire-8.0.json</c>), or from the file CERTVERIFY_ASPIRE_MANIFEST_SCHEMA names.
/// </summary>
public static class AspireManifestSchema
{
    public const string FileName = "aspire-8.0.json";
    public const string Variable = "CERTVERIFY_ASPIRE_MANIFEST_SCHEMA";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Locate(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Every error the schema finds in <paramref name="manifest"/>, as "location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonElement manifest) => SchemaErrors.Of(Schema.Value, manifest, new EvaluationOptions());

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "schemas", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Aspire's manifest schema was not found: put {FileName} (dotnet/aspire, src/Schema/{FileName}) in shared/schemas/ " +
            $"beside the repository, or name it in {Variable}.");
    }
}
