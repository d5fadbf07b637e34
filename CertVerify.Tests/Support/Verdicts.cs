using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Support;

/// <summary>What the public verification API answers for a code, as anyone would ask: no credentials.</summary>
public static class Verdicts
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string code)
    {
        using var response = await client.GetAsync($"/api/verify/{Uri.EscapeDataString(code)}");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The verdict's <c>status</c> (valid, revoked...), asserting that the code was found.</summary>
    public static async Task<JsonElement> FoundAsync(HttpClient client, string code)
    {
        var (status, verdict) = await GetAsync(client, code);
        Assert.True(status == HttpStatusCode.OK, $"{code}: {(int)status} {verdict}");
        return verdict;
    }
}
