using System.Net;
using System.Net.Http.Json;
using CertVerify.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CertVerify.Tests.Auth;

/// <summary>
/// The public verification endpoints skip authentication (it cost them about a fifth of what they allocate), and
/// nothing else does: an endpoint that reads its caller must never be marked, and a marked one is always anonymous.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class UnauthenticatedEndpointsTests(InProcessFixture app)
{
    private static readonly string[] Verification = ["GET /api/verify/{code}", "POST /api/verify/"];

    [Fact]
    public void Only_the_verification_endpoints_skip_authentication_and_each_is_anonymous()
    {
        var marked = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<SkipsAuthentication>() is not null)
            .ToList();

        Assert.Equal(Verification, marked
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => $"{method} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order());
        Assert.All(marked, e => Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>()));
    }

    [Fact]
    public async Task A_signed_in_caller_and_a_bogus_api_key_verify_like_anyone_else()
    {
        using var admin = await app.SignInAsAdminAsync();
        var code = (await admin.IssueCertificateAsync(new { recipientName = "Unauthenticated Verification", title = "Skipped sign-in" })).GetProperty("code").GetString()!;
        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "cvk_not-a-key");

        foreach (var client in new[] { admin.Client, anonymous })
        {
            using var answer = await client.GetAsync($"/api/verify/{code}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("valid", (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());
        }
    }
}
