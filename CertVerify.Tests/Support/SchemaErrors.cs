using System.Text.Json;
using Json.Schema;

namespace CertVerify.Tests.Support;

/// <summary>A JSON Schema evaluation's errors, readable in a failed assertion.</summary>
public static class SchemaErrors
{
    /// <summary>Every error <paramref name="schema"/> finds in <paramref name="instance"/>, as "location (schema path): message"; empty when valid.</summary>
    public static IReadOnlyList<string> Of(JsonSchema schema, JsonElement instance, EvaluationOptions options)
    {
        options.OutputFormat = OutputFormat.List;
        var results = schema.Evaluate(instance, options);
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
                .DefaultIfEmpty("invalid, with no details")
                .ToList();
    }
}
