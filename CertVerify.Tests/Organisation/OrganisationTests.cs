using System.Net;

namespace CertVerify.Tests.Organisation;

/// <summary>The organisation profile that every verification names as the issuer (its reach across replicas: CertificatesAcrossReplicasTests).</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class OrganisationTests(InProcessFixture app)
{
    [Fact]
    public async Task An_admin_renames_it_and_a_bad_profile_is_refused_naming_the_fields()
    {
        using var admin = await app.SignInAsAdminAsync();
        var name = $"Academy {Guid.NewGuid():N}";
        using (var update = await admin.SendAsync(HttpMethod.Put, "/api/organisation", new { name, url = "https://academy.example.org" }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        Assert.Equal(name, (await admin.GetJsonAsync("/api/organisation")).GetProperty("name").GetString());

        using var bad = await admin.SendAsync(HttpMethod.Put, "/api/organisation", new { name = "", url = "not a url" });
        var problem = await Problems.AssertAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["name", "url"], Problems.FieldsNamed(problem).Select(f => f.ToLowerInvariant()).Order());
        Assert.Equal(name, (await admin.GetJsonAsync("/api/organisation")).GetProperty("name").GetString());
    }
}
