using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Topology;

public static class Issuing
{
    /// <summary>Issues a certificate through <c>POST /api/certificates</c>, asserts 201 and returns the certificate.</summary>
    public static async Task<JsonElement> IssueCertificateAsync(this ApiSession issuer, object body)
    {
        using var response = await issuer.SendAsync(HttpMethod.Post, "/api/certificates", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
