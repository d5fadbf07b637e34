using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertVerify.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CertVerify.Tests.Auth;

/// <summary>
/// Verifying a code by GET skips authentication (it cost about a fifth of what a verification allocates), and nothing
/// else does: an endpoint that reads its caller must never be marked, a marked one is always anonymous, and a POST
/// stays authenticated so that a signed-in browser's CSRF token is still checked (BadInput's hostile corpus).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class UnauthenticatedEndpointsTests(InProcessFixture app)
{
    private static readonly string[] Verification = ["GET /api/verify/{code}"];

    /// <summary>ASP.NET Core's own metric, one recording per scheme authenticated.</summary>
    private const string AuthenticateDuration = "aspnetcore.authentication.authenticate.duration";

    [Fact]
    public void Only_verification_by_get_skips_authentication_and_it_is_anonymous()
    {
        var marked = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<SkipsAuthentication>() is not null)
            .ToList();

        Assert.Equal(Verification, AuthorizationMatrixTests.EndpointNames(marked).Order());
        Assert.All(marked, e => Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>()));
    }

    [Fact]
    public async Task A_verification_authenticates_nobody_while_other_requests_are_authenticated_once_each()
    {
        using var admin = await app.SignInAsAdminAsync();
        var code = (await admin.IssueCertificateAsync(new { recipientName = "Unauthenticated Verification", title = "Skipped sign-in" })).GetProperty("code").GetString()!;
        using var withKey = app.CreateClient();
        withKey.DefaultRequestHeaders.Authorization = new("Bearer", await admin.CreateApiKeyAsync($"unauthenticated-{Guid.NewGuid():N}"));

        foreach (var client in new[] { admin.Client, withKey })
        {
            using var authentications = new CounterTotal(AuthenticateDuration, app.Factory.Services.GetRequiredService<IMeterFactory>());
            using var verification = await client.GetAsync($"/api/verify/{code}");
            Assert.Equal(HttpStatusCode.OK, verification.StatusCode);
            Assert.Equal("valid", (await verification.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            Assert.Equal(0, authentications.Value);

            using var signedIn = await client.GetAsync("/api/certificates");
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.InRange(authentications.Value, 1, 2); // the cookie-or-key policy scheme, and the scheme it forwards to
        }
    }
}
