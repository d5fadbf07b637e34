using System.Text.Json;
using System.Text.Json.Nodes;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// Credentials checked as an Open Badges 3.0 verifier checks them, with public tools: 1EdTech's JSON Schema.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(DocumentsInProcess.Name)]
public sealed class OpenBadgesConformanceTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task A_freshly_issued_credential_passes_the_official_Open_Badges_3_schema()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var full = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new
        {
            recipientName = "Katherine Johnson",
            recipientEmail = "katherine@example.test",
            title = "Orbital Mechanics",
            description = "Trajectories by hand.",
            expiresAt = DateTimeOffset.UtcNow.AddYears(1),
        }));
        var minimal = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Dorothy Vaughan", title = "FORTRAN" }));

        Assert.Empty(OpenBadgesSchema.Errors(full.Payload));
        Assert.Empty(OpenBadgesSchema.Errors(minimal.Payload));
        Assert.Equal(JsonValueKind.Object, full.Payload.GetProperty("credentialStatus").ValueKind);
        Assert.Equal("revocation", full.Payload.GetProperty("credentialStatus").GetProperty("statusPurpose").GetString());
    }

    [Fact]
    public async Task The_schema_check_fails_what_Open_Badges_3_refuses()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var token = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Mary Jackson", title = "Wind tunnels" }));
        var credential = JsonNode.Parse(token.Payload.GetRawText())!.AsObject();

        // The format issued before: two status entries in an array.
        var twoEntries = credential.DeepClone().AsObject();
        twoEntries["credentialStatus"] = new JsonArray(credential["credentialStatus"]!.DeepClone(), credential["credentialStatus"]!.DeepClone());
        Assert.Contains(OpenBadgesSchema.Errors(JsonSerializer.SerializeToElement(twoEntries)), e => e.Contains("/credentialStatus"));

        var noAchievement = credential.DeepClone().AsObject();
        noAchievement["credentialSubject"]!.AsObject().Remove("achievement");
        Assert.NotEmpty(OpenBadgesSchema.Errors(JsonSerializer.SerializeToElement(noAchievement)));

        var badDate = credential.DeepClone().AsObject();
        badDate["validFrom"] = "yesterday";
        Assert.NotEmpty(OpenBadgesSchema.Errors(JsonSerializer.SerializeToElement(badDate)));
    }

    public void Dispose() => _public.Dispose();
}
