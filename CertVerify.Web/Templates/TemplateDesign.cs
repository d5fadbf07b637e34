using System.Text.Json;
using CertVerify.Documents;

namespace CertVerify.Web.Templates;

/// <summary>What a template's design may be: an object of at most 64 KB; <c>orientation</c>, when given, landscape or portrait. Other keys are the designer's.</summary>
public static class TemplateDesign
{
    /// <summary>Why the design is refused, or null when it is fine (or not given).</summary>
    public static string? Check(JsonElement? design)
    {
        if (design is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return "The design must be a JSON object.";
        }

        if (value.GetRawText().Length > TemplateLimits.DesignBytes)
        {
            return "The design must be at most 64 KB.";
        }

        return value.TryGetProperty("orientation", out var orientation)
            && (orientation.ValueKind != JsonValueKind.String || !DocumentLayout.Orientations.Contains(orientation.GetString()))
            ? "orientation must be \"landscape\" or \"portrait\"."
            : null;
    }
}
