using System.Net;
using System.Text.Json;

namespace CertVerify.Tests.Support;

public static class Problems
{
    /// <summary>The fields a 400 problem names: its validation <c>errors</c>, or the <c>field</c> of unreadable JSON.</summary>
    public static IEnumerable<string> FieldsNamed(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name)
            : [problem.GetProperty("field").GetString()!];

    /// <summary>Asserts an RFC 9457 problem with the expected status and no stack trace, and returns it.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text); // no stack trace
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
