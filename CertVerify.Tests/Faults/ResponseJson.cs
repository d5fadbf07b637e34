using System.Text.Json;

namespace CertVerify.Tests.Faults;

/// <summary>Reading answers that may not be JSON at all (an outage's 502 page, an empty body) without throwing.</summary>
public static class ResponseJson
{
    public static async Task<JsonElement?> ReadOrDefaultAsync(HttpResponseMessage response) =>
        ParseOrDefault(await response.Content.ReadAsStringAsync());

    public static JsonElement? ParseOrDefault(string text)
    {
        try
        {
            return text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value at the path as text (a string as it is, anything else as JSON), or null if it is missing.</summary>
    public static string? Property(JsonElement? element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var next))
            {
                return null;
            }

            element = next;
        }

        return element?.ValueKind == JsonValueKind.String ? element.Value.GetString() : element?.ToString();
    }
}
