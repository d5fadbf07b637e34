using System.Text.Json;

namespace CertVerify.Tests.Topology;

public static class Problems
{
    /// <summary>The fields a 400 problem names: its validation <c>errors</c>, or the <c>field</c> of unreadable JSON.</summary>
    public static IEnumerable<string> FieldsNamed(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name)
            : [problem.GetProperty("field").GetString()!];
}
